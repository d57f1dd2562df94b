/* 정책고객관리 — optional progressive enhancement only; every page works without JS.
   Loaded with <script defer src>, no inline code (CSP: script-src 'self'). */
(function () {
  "use strict";

  // 1. Move focus to the form error summary (KWCAG 3.3.1) if autofocus did not.
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  // 2. Error-summary links: focus the invalid control, not just scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".app-error-summary a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "center" });
    }
  });

  // 3. Prevent accidental double submission of forms (without disabling the
  //    button, which would drop its name/value from the request).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-submitting") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "true");
    window.setTimeout(function () { form.removeAttribute("data-submitting"); }, 5000);
  });

  // 4. A table wider than its box scrolls sideways: say so above it, and let the keyboard reach it (a focusable
  //    region named by the table's caption). The hint's words come translated from the page (#table-scroll-hint).
  var hint = document.getElementById("table-scroll-hint");
  function markScrollable() {
    if (!hint) { return; }
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var scrollable = wrap.scrollWidth > wrap.clientWidth + 1;
      var note = wrap.previousElementSibling;
      var noted = note && note.classList.contains("table-scroll-hint");
      if (scrollable && !noted) {
        note = document.createElement("p");
        note.className = "table-scroll-hint";
        note.textContent = hint.textContent;
        wrap.parentNode.insertBefore(note, wrap);
      } else if (!scrollable && noted) {
        note.parentNode.removeChild(note);
      }
      if (scrollable) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.replace(/\s+/g, " ").trim() : hint.textContent);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }
  markScrollable();
  window.addEventListener("resize", markScrollable);

  // 5. Main menu (partials/nav.html): the menus are <details> and work without this. Opening one closes the
  //    others; Escape closes the open one and returns focus to its button; a click or focus elsewhere closes them.
  var menus = Array.prototype.slice.call(document.querySelectorAll("details[data-nav-menu]"));
  function closeMenus(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.open = false; } });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeMenus(menu); } });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = menus.filter(function (menu) { return menu.open; })[0];
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  function outsideMenus(event) {
    if (!event.target.closest || !event.target.closest("details[data-nav-menu]")) { closeMenus(null); }
  }
  document.addEventListener("click", outsideMenus);
  document.addEventListener("focusin", outsideMenus);  // tabbing past a menu closes it

  // 6. File inputs with limits (data-max-files, data-max-bytes, data-max-total; messages data-msg-*, in the page's
  //    language): refuse before sending. A request over the server's limit is cut off unread, and with it the text
  //    the person typed; this keeps the page, and the server still checks everything.
  function fileProblem(input) {
    var files = input.files || [];
    var total = 0;
    if (files.length > Number(input.getAttribute("data-max-files"))) { return input.getAttribute("data-msg-files"); }
    for (var i = 0; i < files.length; i++) {
      total += files[i].size;
      if (files[i].size > Number(input.getAttribute("data-max-bytes"))) {
        return input.getAttribute("data-msg-size").replace("{name}", files[i].name);
      }
    }
    return total > Number(input.getAttribute("data-max-total")) ? input.getAttribute("data-msg-total") : "";
  }
  function showFileProblem(input, message) {
    var id = input.id + "-limit-error";
    var note = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (v) {
      return v && v !== id;
    });
    if (!message) {
      if (note) { note.parentNode.removeChild(note); }
      input.removeAttribute("aria-invalid");
    } else {
      if (!note) {
        note = document.createElement("p");
        note.id = id;
        note.className = "form-hint-invalid";
        note.setAttribute("role", "alert");
        input.closest(".form-group").appendChild(note);
      }
      note.textContent = message;
      input.setAttribute("aria-invalid", "true");
      described.push(id);
    }
    input.setAttribute("aria-describedby", described.join(" "));
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-files]")) { showFileProblem(input, fileProblem(input)); }
  });
  document.addEventListener("submit", function (event) {  // capture: before the double-submit guard (3)
    var inputs = event.target.querySelectorAll("input[type=file][data-max-files]");
    for (var i = 0; i < inputs.length; i++) {
      var message = fileProblem(inputs[i]);
      showFileProblem(inputs[i], message);
      if (message) {
        event.preventDefault();
        event.stopPropagation();
        inputs[i].focus();
        return;
      }
    }
  }, true);
})();

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

  // 4. Main menu (partials/nav.html): the menus are <details> and work without this. Opening one closes the
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
})();

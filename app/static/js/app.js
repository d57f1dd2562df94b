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
})();

// statecare: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Search filters: re-run the search as soon as a filter changes (the button stays for keyboards
  // and for browsers without JavaScript).
  var form = document.querySelector("form.search-form");
  if (form) {
    form.querySelectorAll("fieldset.filters select").forEach(function (sel) {
      sel.addEventListener("change", function () {
        var page = form.querySelector("input[name=page]");
        if (page) { page.remove(); }
        form.submit();
      });
    });
  }
  // Evidence links: after jumping to a highlighted sentence inside a scrolling text box, move focus
  // there so keyboard and screen-reader users land on it too.
  document.querySelectorAll('a[href^="#p"]').forEach(function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target) { return; }
      var mark = target.nextElementSibling;
      if (mark && mark.tagName === "MARK") {
        mark.setAttribute("tabindex", "-1");
        window.setTimeout(function () { mark.focus(); }, 0);
      }
    });
  });
}());

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
  // Evidence links: after jumping to a highlighted passage inside a scrolling text box, mark every
  // piece of that passage (a passage overlapping another is cut into several <mark>s) and move focus
  // there so keyboard and screen-reader users land on it too.
  function showPassage(id) {
    var anchor = document.getElementById(id);
    if (!anchor || !anchor.classList.contains("anchor")) { return; }
    document.querySelectorAll("mark.evidence.current").forEach(function (m) { m.classList.remove("current"); });
    var marks = document.querySelectorAll("mark.evidence[data-spans]");
    var first = null;
    marks.forEach(function (m) {
      if (m.getAttribute("data-spans").split(" ").indexOf(id) !== -1) {
        m.classList.add("current");
        if (!first) { first = m; }
      }
    });
    if (first) {
      first.setAttribute("tabindex", "-1");
      window.setTimeout(function () { first.focus({ preventScroll: true }); }, 0);
    }
  }
  document.querySelectorAll("a.show-ev").forEach(function (a) {
    a.addEventListener("click", function () { showPassage(a.getAttribute("href").slice(1)); });
  });
  if (window.location.hash.length > 1) { showPassage(window.location.hash.slice(1)); }
  // Scroll boxes (the scroll_box macro) are tab stops so that a keyboard can scroll them. Where a box
  // does not scroll at this width (a table on a wide screen) the stop is only in the way, so it is
  // taken out, and put back when the box's size changes so that it scrolls (a narrower window, a
  // <details> opened). Without ResizeObserver every box stays a tab stop, which is safe.
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(function (entries) {
      entries.forEach(function (e) {
        var el = e.target;
        var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        if (scrolls) { el.setAttribute("tabindex", "0"); }
        else if (el !== document.activeElement) { el.removeAttribute("tabindex"); }
      });
    });
    document.querySelectorAll("[data-scroll-box]").forEach(function (el) { watch.observe(el); });
  }
}());

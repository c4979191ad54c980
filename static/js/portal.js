/* The header's «Меню» button on small screens: the search and the sections fold
   behind it (without JavaScript everything stays unfolded). And the outcome of a
   form (data-focus-on-load) is scrolled into view and gets the focus, so a
   screen reader reads it and nobody has to look for it. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  function ready() {
    var outcome = document.querySelector("[data-focus-on-load]");
    if (outcome) {
      outcome.scrollIntoView({ block: "start" });
      outcome.focus({ preventScroll: true });
    }
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) {
      return;
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
      if (open) {
        var first = menu.querySelector("input, a, button");
        if (first) {
          first.focus();
        }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        button.setAttribute("aria-expanded", "false");
        menu.classList.remove("is-open");
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

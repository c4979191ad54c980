/* Wagtail admin: names for what Wagtail 8 leaves unnamed, so that editors using a
   screen reader (and axe-core in tests/e2e) find every field.
   - Draftail rich-text boxes (role=textbox) get the field's label.
   - The page status link's name starts with its visible text. */
(function () {
  "use strict";
  function labelFor(box) {
    var field = box.closest("[data-field-wrapper], .w-field__wrapper, .w-field, [data-contentpath]");
    while (field) {
      var label = field.querySelector("label, .w-field__label, legend");
      if (label && label.textContent.trim()) {
        return label;
      }
      field = field.parentElement && field.parentElement.closest("[data-field-wrapper], .w-field__wrapper, .w-field, [data-contentpath]");
    }
    return null;
  }
  function fix(root) {
    root.querySelectorAll('[role="textbox"][contenteditable="true"]:not([aria-label]):not([aria-labelledby])').forEach(function (box) {
      var label = labelFor(box);
      box.setAttribute("aria-label", label ? label.textContent.replace(/\s+/g, " ").trim() : "Текст");
    });
    root.querySelectorAll("a.page-status-tag[aria-label]").forEach(function (link) {
      var visible = link.textContent.replace(/\s+/g, " ").trim();
      var name = link.getAttribute("aria-label");
      if (visible && name.indexOf(visible) !== 0) {
        link.setAttribute("aria-label", visible + ". " + name);
      }
    });
  }
  var pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fix(document);
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
})();

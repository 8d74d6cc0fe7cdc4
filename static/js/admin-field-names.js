// The page editor's rich text areas (Draftail: a contenteditable role="textbox") get no
// accessible name inside StreamField blocks, so a screen reader announces "edit text" and
// nothing more. Name each after its field's label, or else its block's heading; again for
// blocks added later.
(function () {
    "use strict";

    function nameOf(box) {
        const wrapper = box.closest("[data-field-input]");
        const input = wrapper && wrapper.querySelector("input[type=hidden][id]");
        if (input) {
            const label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
            if (label && label.textContent.trim()) {
                return label.textContent.trim();
            }
        }
        const block = box.closest("[data-streamfield-child], [data-contentpath]");
        const heading = block && block.querySelector(".c-sf-block__type, .w-panel__heading, label");
        return heading ? heading.textContent.trim() : "";
    }

    function nameAll() {
        document.querySelectorAll('[role="textbox"][contenteditable="true"]').forEach(function (box) {
            if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) {
                return;
            }
            const name = nameOf(box);
            if (name) {
                box.setAttribute("aria-label", name);
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        nameAll();
        new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
    });
})();

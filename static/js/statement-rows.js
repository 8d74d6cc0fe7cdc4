/* The judge's statement (judging.views.statement): "Add a row" adds an empty row of the
   interests' formset from its <template>, numbering it and counting it in TOTAL_FORMS.
   Without this script the page shows empty rows and saving gives more. */
(function () {
    "use strict";
    document.querySelectorAll("[data-interests]").forEach(function (box) {
        var button = box.querySelector("[data-add-row]");
        var template = box.querySelector("template[data-row-template]");
        var rows = box.querySelector("[data-rows]");
        var total = box.querySelector("input[name$='-TOTAL_FORMS']");
        var most = box.querySelector("input[name$='-MAX_NUM_FORMS']");
        if (!button || !template || !rows || !total) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            var index = parseInt(total.value, 10);
            if (most && index >= parseInt(most.value, 10)) { return; }
            var html = template.innerHTML.replace(/__prefix__/g, String(index));
            rows.insertAdjacentHTML("beforeend", html);
            total.value = String(index + 1);
            var added = rows.lastElementChild.querySelector("input[type=text]");
            if (added) { added.focus(); }
        });
    });
})();

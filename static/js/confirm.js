/* No one-click mistakes (judging.views.confirm): a submit button with
   data-confirm="<dialog id>" opens that native <dialog> first. "Cancel" (or Escape) sends
   nothing; confirming sends the form as that button would, with confirmed=1.
   data-confirm-subject on the button names what is decided, shown in the dialog.
   Without this script (or without <dialog>) the server asks on a page of its own. */
(function () {
    "use strict";
    if (typeof HTMLDialogElement !== "function") { return; }

    function confirmed(form) {
        var input = form.querySelector("input[type=hidden][name=confirmed]");
        if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = "confirmed";
            form.appendChild(input);
        }
        input.value = "1";
    }

    function ask(button, dialog) {
        var form = button.form;
        var subject = dialog.querySelector("[data-confirm-subject]");
        if (subject) {
            var words = button.getAttribute("data-confirm-subject") || "";
            subject.textContent = words;
            subject.hidden = !words;
        }
        dialog.returnValue = "";
        dialog.addEventListener("close", function onClose() {
            dialog.removeEventListener("close", onClose);
            if (dialog.returnValue !== "confirm") { button.focus(); return; }
            confirmed(form);
            if (typeof form.requestSubmit === "function") {
                form.requestSubmit(button);
            } else {
                button.setAttribute("data-confirm-done", "1");
                button.click();
            }
        });
        dialog.showModal();
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
        if (!button || !button.form || button.disabled) { return; }
        if (button.getAttribute("data-confirm-done")) { button.removeAttribute("data-confirm-done"); return; }
        var dialog = document.getElementById(button.getAttribute("data-confirm"));
        if (!dialog || typeof dialog.showModal !== "function") { return; }
        event.preventDefault();
        // Fields the browser checks (a required reason...) are checked before asking.
        if (!button.form.noValidate && !button.formNoValidate && !button.form.reportValidity()) { return; }
        ask(button, dialog);
    });
}());

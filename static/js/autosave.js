/* Progressive enhancement for the nomination form (the form works without it):
   - autosave: a step form with data-autosave posts itself a few seconds after typing stops;
   - once: a form with data-once (or a nomination form) disables its buttons after the
     first submit, so a double click sends one request. */
(function () {
    "use strict";
    var DELAY = 3000;

    function autosave(form) {
        var url = form.getAttribute("data-autosave");
        var status = form.querySelector(".autosave-status");
        var timer = null;
        var inFlight = false;
        var dirty = false;

        function save() {
            if (inFlight) { dirty = true; return; }
            inFlight = true;
            dirty = false;
            fetch(url, {
                method: "POST",
                body: new FormData(form),
                headers: { "X-Autosave": "1" },
                credentials: "same-origin"
            }).then(function (response) {
                return response.json().then(function (data) { return { ok: response.ok, data: data }; });
            }).then(function (result) {
                if (status) {
                    status.textContent = result.ok ? result.data.message : (form.getAttribute("data-autosave-error") || "Not saved.");
                }
            }).catch(function () {
                if (status) { status.textContent = form.getAttribute("data-autosave-offline") || "Not saved: offline."; }
            }).then(function () {
                inFlight = false;
                if (dirty) { schedule(); }
            });
        }

        function schedule() {
            window.clearTimeout(timer);
            timer = window.setTimeout(save, DELAY);
        }

        form.addEventListener("input", schedule);
        form.addEventListener("change", schedule);
        form.addEventListener("submit", function () { window.clearTimeout(timer); });
    }

    function once(form) {
        form.addEventListener("submit", function (event) {
            if (form.getAttribute("data-submitted")) { event.preventDefault(); return; }
            form.setAttribute("data-submitted", "1");
            var submitter = event.submitter;
            if (submitter && submitter.name) {
                // A disabled button is not sent: carry its name and value in a hidden field.
                var hidden = document.createElement("input");
                hidden.type = "hidden";
                hidden.name = submitter.name;
                hidden.value = submitter.value;
                form.appendChild(hidden);
            }
            Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
        });
    }

    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    document.querySelectorAll("form[data-once], form.nomination-form").forEach(once);
}());

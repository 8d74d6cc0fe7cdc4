/* Progressive enhancement for the nomination form (the form works without it):
   - autosave: a step form with data-autosave posts, a few seconds after typing stops, only
     the answers changed since the page was shown or last saved, each with the value it
     started from (its base, the form's hidden base-<field> inputs). The server saves those
     whose stored value has not moved on meanwhile; for an answer changed in another tab or
     window it answers 409 with both versions, shown beside the field until the person
     keeps theirs or takes the saved one (nominations.autosave);
   - once: a form with data-once (or a nomination form) disables its buttons after the
     first submit, so a double click sends one request. */
(function () {
    "use strict";
    var DELAY = 3000;
    var BASE = "base-";

    function normal(text) { return String(text).replace(/\r\n?/g, "\n").trim(); }

    function autosave(form) {
        var url = form.getAttribute("data-autosave");
        var status = form.querySelector(".autosave-status");
        var template = document.getElementById("conflict-notice-template");
        var timer = null;
        var inFlight = false;
        var dirty = false;
        var pending = {};  // answers with a conflict not yet resolved: never sent meanwhile

        function say(text) { if (status) { status.textContent = text; } }

        function baseInput(name) { return form.querySelector("input[type=hidden][name='" + BASE + name + "']"); }

        function names() {
            return Array.prototype.map.call(form.querySelectorAll("input[type=hidden][name^='" + BASE + "']"), function (input) {
                return input.name.slice(BASE.length);
            });
        }

        function control(name) { return form.elements.namedItem(name); }

        function isGroup(el) { return el && !el.tagName && typeof el.length === "number"; }

        // Ticked boxes sharing a name (partner regions): their values, comma-joined as the server's base.
        function isBoxes(el) { return isGroup(el) && el.length && el[0].type === "checkbox"; }

        function ticked(el) {
            return Array.prototype.filter.call(el, function (box) { return box.checked; }).map(function (box) { return box.value; });
        }

        function valueOf(name) {
            var el = control(name);
            if (!el) { return null; }
            if (isBoxes(el)) { return ticked(el).join(","); }
            if (isGroup(el)) { return normal(el.value || ""); }  // a radio group
            if (el.type === "checkbox") { return el.checked ? "on" : ""; }
            return normal(el.value);
        }

        function setValue(name, text) {
            var el = control(name);
            if (!el) { return; }
            if (isBoxes(el)) {
                var values = text ? text.split(",") : [];
                Array.prototype.forEach.call(el, function (box) { box.checked = values.indexOf(box.value) !== -1; });
            } else if (isGroup(el)) {
                Array.prototype.forEach.call(el, function (radio) { radio.checked = radio.value === text; });
            } else if (el.type === "checkbox") {
                el.checked = text === "on";
            } else {
                el.value = text;
            }
        }

        function fieldBox(name) {
            var el = control(name);
            var first = isGroup(el) ? el[0] : el;
            return first ? first.closest(".field") : null;
        }

        function changed() {
            return names().filter(function (name) {
                var value = valueOf(name);
                return !pending[name] && value !== null && value !== normal(baseInput(name).value);
            });
        }

        function bind(notice) {
            var name = notice.getAttribute("data-conflict-for");
            pending[name] = true;
            notice.querySelector("[data-conflict-nojs]").hidden = true;
            notice.querySelector("[data-conflict-actions]").hidden = false;
            function resolve(text, message) {
                if (text !== null) { setValue(name, text); }
                // Both versions have now been seen: the next save starts from the stored one.
                baseInput(name).value = notice.getAttribute("data-stored");
                delete pending[name];
                notice.remove();
                var el = control(name);
                (isGroup(el) ? el[0] : el).focus();
                say(message);
                save();
            }
            notice.querySelector("[data-conflict-keep]").addEventListener("click", function () {
                // The field still holds the person's text (with anything typed since): keep it.
                if (valueOf(name) === normal(notice.getAttribute("data-stored"))) { setValue(name, notice.getAttribute("data-yours")); }
                resolve(null, form.getAttribute("data-autosave-keeping") || "");
            });
            notice.querySelector("[data-conflict-take]").addEventListener("click", function () {
                resolve(notice.getAttribute("data-stored"), form.getAttribute("data-autosave-taken") || "");
            });
        }

        function showConflict(conflict) {
            var box = fieldBox(conflict.field);
            if (!template || !box) { return; }
            var old = form.querySelector("[data-conflict-for='" + conflict.field + "']");
            if (old) { old.remove(); }
            var notice = template.content.firstElementChild.cloneNode(true);
            notice.setAttribute("data-conflict-for", conflict.field);
            notice.setAttribute("data-stored", conflict.stored);
            notice.setAttribute("data-yours", conflict.yours);
            notice.querySelector("[data-conflict-stored]").textContent = conflict.stored_text;
            notice.querySelector("[data-conflict-yours]").textContent = conflict.yours_text;
            box.parentNode.insertBefore(notice, box.nextSibling);
            bind(notice);
        }

        function wholeForm() {
            // A form without base inputs (a judge's scores) is sent whole, as it always was.
            return !form.querySelector("input[type=hidden][name^='" + BASE + "']");
        }

        function save() {
            if (inFlight) { dirty = true; return; }
            var fields = wholeForm() ? [] : changed();
            if (!wholeForm() && !fields.length) { return; }
            inFlight = true;
            dirty = false;
            var body = wholeForm() ? new FormData(form) : new FormData();
            if (!wholeForm()) { body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value); }
            fields.forEach(function (name) {
                var value = valueOf(name);
                var el = control(name);
                body.append("changed", name);
                body.append(BASE + name, baseInput(name).value);
                if (isBoxes(el)) {
                    ticked(el).forEach(function (item) { body.append(name, item); });
                } else if (isGroup(el) || el.type !== "checkbox" || value) {
                    body.append(name, isGroup(el) || el.type === "checkbox" ? value : el.value);
                }
            });
            fetch(url, {
                method: "POST",
                body: body,
                headers: { "X-Autosave": "1" },
                credentials: "same-origin"
            }).then(function (response) {
                return response.json().then(function (data) { return { ok: response.ok, data: data }; });
            }).then(function (result) {
                var data = result.data;
                Object.keys(data.bases || {}).forEach(function (name) {
                    var input = baseInput(name);
                    if (input) { input.value = data.bases[name]; }
                });
                (data.conflicts || []).forEach(showConflict);
                if (result.ok && Object.keys(pending).length) {
                    // Other answers were saved, but some still wait for the person's choice.
                    say(form.getAttribute("data-autosave-pending") || data.message);
                } else if (result.ok || (data.conflicts && data.conflicts.length)) {
                    say(data.message);
                } else {
                    say(data.error || form.getAttribute("data-autosave-error") || "Not saved.");
                }
            }).catch(function () {
                say(form.getAttribute("data-autosave-offline") || "Not saved: offline.");
            }).then(function () {
                inFlight = false;
                if (dirty) { schedule(); }
            });
        }

        function schedule() {
            window.clearTimeout(timer);
            timer = window.setTimeout(save, DELAY);
        }

        Array.prototype.forEach.call(form.querySelectorAll("[data-conflict-for]"), bind);
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

// Dash 4's checklists and dropdowns need a few ARIA repairs so screen readers and keyboards can use
// them (found by axe-core in tests/browser/test_accessibility.py):
// - a checklist is a listbox of options that each hold a focusable checkbox: the option itself
//   takes the focus and Space or Enter ticks it; the checkbox inside is hidden and its tick
//   drawn by themes.css; the listbox gets the name of its heading;
// - a dropdown's focus target is an input hidden from screen readers: it is named and exposed.
(function () {
    // Attributes are only written when they differ, so the observer below does not wake itself.
    function set(element, name, value) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }

    function nameListbox(list) {
        if (list.hasAttribute("aria-labelledby") || list.hasAttribute("aria-label")) return;
        var holder = list.parentElement && list.parentElement.closest("[aria-labelledby]");
        var label = list.previousElementSibling;
        if (holder) set(list, "aria-labelledby", holder.getAttribute("aria-labelledby"));
        else if (label && label.classList.contains("label")) set(list, "aria-label", label.textContent.trim());
        else set(list, "aria-label", list.textContent.trim());
        if (list.classList.contains("dash-checklist")) set(list, "aria-multiselectable", "true");
    }

    function repairChecklist(list) {
        nameListbox(list);
        list.querySelectorAll('[role="option"]').forEach(function (option) {
            set(option, "tabindex", "0");
        });
    }

    function repairDropdown(target) {
        var button = target.parentElement && target.parentElement.querySelector("button[aria-labelledby]");
        if (!button) return;
        if (target.hasAttribute("aria-hidden")) target.removeAttribute("aria-hidden");
        set(target, "role", "combobox");
        set(target, "aria-haspopup", "listbox");
        set(target, "aria-expanded", button.getAttribute("aria-expanded") || "false");
        // Pattern-matching ids hold JSON, so the id is escaped for the selector.
        var label = button.id ? document.querySelector('label[for="' + CSS.escape(button.id) + '"]') : null;
        var ids = (label && label.id ? label.id + " " : "") + button.getAttribute("aria-labelledby");
        set(target, "aria-labelledby", ids);
    }

    // A file input hidden inside its drop zone is named by the zone's text.
    function repairUpload(input) {
        if (input.hasAttribute("aria-label") || input.labels.length) return;
        var zone = input.parentElement;
        set(input, "aria-label", (zone && zone.textContent.trim()) || "Choose a file");
    }

    function repair() {
        document.querySelectorAll('.dash-checklist[role="listbox"], .dash-radioitems[role="listbox"]').forEach(repairChecklist);
        document.querySelectorAll('input[type="file"]').forEach(repairUpload);
        document.querySelectorAll(".dash-dropdown-focus-target").forEach(repairDropdown);
        // Repairs of other assets (tabs.js) run on the same observer.
        (window.timelineRepairs || []).forEach(function (other) { other(); });
    }

    document.addEventListener("keydown", function (e) {
        var option = e.target;
        if (!option || option.getAttribute("role") !== "option" || option.tagName !== "LABEL") return;
        if (e.key === " " || e.key === "Enter") {
            e.preventDefault();
            option.click();
        }
    });

    // At most one repair per frame, however busy the charts and the table are.
    var pending = false;
    function schedule() {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(function () {
            pending = false;
            repair();
        });
    }
    new MutationObserver(schedule).observe(document.body || document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ["aria-expanded", "role", "class"],
    });
})();

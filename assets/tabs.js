// The linked views' tabs as a real tab list (WAI-ARIA tabs pattern): Dash 4's dcc.Tabs draws
// plain divs, so the list gets role=tablist, each tab role=tab with aria-selected and one tab
// stop (the selected tab), the content role=tabpanel; the arrow keys, Home and End move to
// another tab and show it (one click, so one request), Enter and Space show the focused tab.
(function () {
    var LIST = "#view-tabs";

    function set(element, name, value) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
    }

    function tabs(list) {
        return Array.prototype.filter.call(list.children, function (c) {
            return c.classList.contains("tab");
        });
    }

    function repair() {
        var list = document.querySelector(LIST);
        if (!list) return;
        set(list, "role", "tablist");
        set(list, "aria-labelledby", "views-heading");
        var all = tabs(list);
        var selected = all.filter(function (t) { return t.classList.contains("tab--selected"); })[0] || all[0];
        var focused = list.contains(document.activeElement) ? document.activeElement : null;
        all.forEach(function (tab) {
            set(tab, "role", "tab");
            set(tab, "aria-selected", tab === selected ? "true" : "false");
            // One tab stop: the selected tab, or the one the arrow keys moved to.
            set(tab, "tabindex", tab === (focused || selected) ? "0" : "-1");
        });
        var panel = list.nextElementSibling;
        if (panel && selected) {
            set(panel, "role", "tabpanel");
            set(panel, "aria-labelledby", selected.id);
            all.forEach(function (tab) { set(tab, "aria-controls", panel.id || ""); });
        }
    }

    document.addEventListener("keydown", function (e) {
        var tab = e.target;
        if (!tab || tab.getAttribute("role") !== "tab" || !tab.closest(LIST)) return;
        var all = tabs(tab.parentElement);
        var at = all.indexOf(tab);
        var next = {
            ArrowRight: all[(at + 1) % all.length],
            ArrowLeft: all[(at - 1 + all.length) % all.length],
            Home: all[0],
            End: all[all.length - 1],
        }[e.key];
        if (next) {
            e.preventDefault();
            all.forEach(function (t) { t.setAttribute("tabindex", t === next ? "0" : "-1"); });
            next.focus();
            next.click();
        } else if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            tab.click();
        }
    });

    // Run by repair_a11y.js's observer, at most once a frame.
    window.timelineRepairs = (window.timelineRepairs || []).concat([repair]);
})();

// Language and theme default to the browser's settings when the link names none; the arrow keys
// step through the events on the focused timeline. The view state stays in the URL.
(function () {
    var params = new URLSearchParams(window.location.search);
    var changed = false;
    if (!params.has("lang")) {
        var wanted = (navigator.languages && navigator.languages[0]) || navigator.language || "";
        if (/^ko\b/i.test(wanted)) {
            params.set("lang", "ko");
            changed = true;
        }
    }
    if (!params.has("theme") && window.matchMedia) {
        var theme = window.matchMedia("(prefers-contrast: more)").matches
            ? "contrast"
            : window.matchMedia("(prefers-color-scheme: dark)").matches
              ? "dark"
              : null;
        if (theme) {
            params.set("theme", theme);
            changed = true;
        }
    }
    if (changed) {
        window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    }
    document.documentElement.lang = params.get("lang") === "ko" ? "ko" : "en";
    // The page asks for its layout next; this tells the server which language to send it in.
    document.cookie = "timeline-lang=" + document.documentElement.lang + "; path=/; SameSite=Strict";
    document.documentElement.dataset.theme = params.get("theme") || "light";
    // A link that names no view but a language or theme opens at the first view, whose timeline
    // the layout can carry already drawn: this tells the server so, and in which theme.
    var first = Array.from(params.keys()).every(function (k) { return k === "lang" || k === "theme"; });
    document.cookie = "timeline-first=" + (first ? document.documentElement.dataset.theme : "") +
        "; path=/; SameSite=Strict";

    // Events on the timeline in date order, as [date, id] pairs, read from the drawn figure.
    function events() {
        var plot = document.querySelector("#timeline .js-plotly-plot");
        var out = [];
        ((plot && plot.data) || []).forEach(function (trace) {
            if (trace.meta !== "events") return;
            (trace.customdata || []).forEach(function (id, i) {
                out.push([String(trace.x[i]), id]);
            });
        });
        return out.sort(function (a, b) {
            return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
        });
    }

    // The skip link jumps to the timeline.
    document.addEventListener("click", function (e) {
        if (!e.target || !e.target.closest || !e.target.closest(".skip-link")) return;
        var box = document.getElementById("timeline-box");
        if (box) {
            box.focus();
            box.scrollIntoView({ block: "nearest" });
        }
    });

    var STEPS = { ArrowLeft: -1, ArrowRight: 1, Home: "first", End: "last" };

    document.addEventListener("keydown", function (e) {
        var box = e.target && e.target.id === "timeline-box";
        if (!box || !(e.key in STEPS) || e.altKey || e.ctrlKey || e.metaKey) return;
        var list = events();
        if (!list.length) return;
        e.preventDefault();
        var query = new URLSearchParams(window.location.search);
        var current = list.findIndex(function (p) { return p[1] === query.get("event"); });
        var step = STEPS[e.key];
        var next;
        if (step === "first") next = 0;
        else if (step === "last") next = list.length - 1;
        else if (current < 0) next = step > 0 ? 0 : list.length - 1;
        else next = Math.min(list.length - 1, Math.max(0, current + step));
        if (next === current) return;
        query.set("event", list[next][1]);
        window.history.pushState({}, "", window.location.pathname + "?" + query.toString());
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    });
})();

// Esc closes the event detail while the timeline or the detail has the focus.
document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !e.target || !e.target.closest) return;
    if (!e.target.closest("#timeline-box, .detail")) return;
    var close = document.querySelector(".detail-close");
    if (close) {
        e.preventDefault();
        close.click();
        var box = document.getElementById("timeline-box");
        if (box) box.focus();
    }
});

// Playback: a window (a week, a month, a quarter) steps through the filtered period on the
// timeline at 1x, 2x or 4x, all in the browser: the date axis is moved with Plotly.relayout and
// the counts are read from the drawn events, so a step costs no request. When paused, the window
// is handed to the zoom store once (one request), so the link holds the position as its zoom.
// With prefers-reduced-motion, Play moves one step per press instead of running.
(function () {
    var DAY = 86400000;
    var WINDOWS = { week: 7, month: 30, quarter: 91 };
    var STEP_MS = 1200;
    var state = { playing: false, speed: 1, window: "month", start: null, timer: null, drawn: null };
    // True for a relayout that only repeats the window playback drew (zoom.js drops those).
    state.drew = function (relayout) {
        var first = relayout["xaxis.range[0]"] || (relayout["xaxis.range"] || [])[0];
        var ours = state.drawn !== null && String(first).slice(0, 10) === state.drawn[0];
        if (!ours) state.start = null; // the reader zoomed: play on from their window
        return ours;
    };
    window.timelinePlayback = state;

    function graph() { return document.querySelector("#timeline .js-plotly-plot"); }

    // Event dates (ms) on the timeline, sorted, from the traces marked as events.
    function dates() {
        var gd = graph();
        var out = [];
        ((gd && gd.data) || []).forEach(function (trace) {
            if (trace.meta !== "events") return;
            Array.prototype.forEach.call(trace.x || [], function (x) { out.push(Date.parse(String(x).slice(0, 10))); });
        });
        return out.sort(function (a, b) { return a - b; });
    }

    function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

    function status(start, end, all) {
        var inWindow = all.filter(function (d) { return d >= start && d < end; }).length;
        var total = all.filter(function (d) { return d < end; }).length;
        var template = (document.getElementById("playback-template") || {}).textContent || "";
        var line = document.getElementById("playback-status");
        if (line) {
            line.textContent = template.replace("{start}", iso(start)).replace("{end}", iso(end - DAY))
                .replace("{n}", inWindow).replace("{total}", total);
        }
    }

    // Move the window by `steps` (0 draws it where it is); false when past the end.
    function move(steps) {
        var gd = graph();
        var all = dates();
        if (!gd || !all.length) return false;
        var width = WINDOWS[state.window] * DAY;
        if (state.start === null) {
            var range = gd.layout && gd.layout.xaxis && gd.layout.xaxis.range;
            var zoomed = range && !(gd.layout.xaxis.autorange) ? Date.parse(String(range[0]).slice(0, 10)) : NaN;
            state.start = isNaN(zoomed) ? all[0] : zoomed;
        }
        var next = state.start + steps * width;
        if (next > all[all.length - 1]) return false;
        state.start = Math.max(next, all[0] - width + DAY);
        state.drawn = [iso(state.start), iso(state.start + width)];
        window.Plotly.relayout(gd, { "xaxis.range": state.drawn });
        status(state.start, state.start + width, all);
        return true;
    }

    function pressed(id, on) { var b = document.getElementById(id); if (b) b.setAttribute("aria-pressed", on ? "true" : "false"); }

    // The window drawn now becomes the view's zoom: one request, and the link holds it.
    function send() {
        if (state.drawn === null || !window.dash_clientside || !window.dash_clientside.set_props) return;
        window.dash_clientside.set_props("zoom", { data: { "xaxis.range[0]": state.drawn[0], "xaxis.range[1]": state.drawn[1] } });
    }

    function pause() {
        if (!state.playing) return;
        state.playing = false;
        window.clearInterval(state.timer);
        pressed("play", false);
        send();
    }

    function play() {
        if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
            if (move(state.start === null ? 0 : 1)) send();
            return;
        }
        state.playing = true;
        pressed("play", true);
        if (!move(0)) { state.start = null; move(0); }
        state.timer = window.setInterval(function () { if (!move(1)) pause(); }, STEP_MS / state.speed);
    }

    function speed(n) {
        state.speed = n;
        [1, 2, 4].forEach(function (k) { pressed("play-speed-" + k, k === n); });
        if (state.playing) { window.clearInterval(state.timer); state.playing = false; play(); }
    }

    function act(id) {
        if (id === "play") return state.playing ? pause() : play();
        if (id === "play-back" || id === "play-forward") {
            pause();
            if (move(id === "play-back" ? -1 : 1)) send();
            return;
        }
        var speedMatch = /^play-speed-(\d)$/.exec(id);
        if (speedMatch) return speed(Number(speedMatch[1]));
        var windowMatch = /^play-window-(\w+)$/.exec(id);
        if (windowMatch) {
            state.window = windowMatch[1];
            Object.keys(WINDOWS).forEach(function (k) { pressed("play-window-" + k, k === state.window); });
            if (!state.playing && move(0)) send();
        }
    }

    document.addEventListener("click", function (e) {
        var button = e.target.closest && e.target.closest("#playback button");
        if (button) act(button.id);
    });

    document.addEventListener("keydown", function (e) {
        if (!e.target.closest || !e.target.closest("#playback")) return;
        var id = { ArrowLeft: "play-back", ArrowRight: "play-forward", 1: "play-speed-1", 2: "play-speed-2", 4: "play-speed-4" }[e.key];
        if (e.key === " " && e.target.id !== "play") id = "play";
        if (!id) return;
        e.preventDefault();
        act(id);
    });
})();

// Classroom mode: keys, swipes and full screen for /present/<story>. Does nothing elsewhere.
(function () {
  "use strict";

  function clamp(n, total) {
    return Math.max(1, Math.min(n, Math.max(total || 1, 1)));
  }

  // Move to a step by writing ?step=N (other link parameters kept) and telling dcc.Location,
  // which listens to popstate. Reading the address bar each time means fast presses add up.
  function go(id) {
    var progress = document.getElementById("present-progress");
    var total = parseInt(progress && progress.getAttribute("data-total"), 10) || 0;
    if (!total) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var now = clamp(parseInt(params.get("step") || "1", 10) || 1, total);
    var moves = {
      "present-first": 1,
      "present-prev": now - 1,
      "present-next": now + 1,
      "present-last": total
    };
    var step = clamp(moves[id], total);
    if (step === now && params.has("step")) {
      return;
    }
    params.set("step", String(step));
    window.history.pushState(null, "", window.location.pathname + "?" + params.toString());
    window.dispatchEvent(new PopStateEvent("popstate"));
  }

  function root() {
    return document.getElementById("present-root");
  }

  function toggleFullscreen() {
    var request;
    if (document.fullscreenElement) {
      request = document.exitFullscreen && document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      request = document.documentElement.requestFullscreen();
    }
    if (request && request.catch) {
      request.catch(function () {});
    }
  }

  function leave() {
    var exit = document.getElementById("present-exit");
    window.location.assign(exit ? exit.getAttribute("href") : "/");
  }

  var KEYS = {
    ArrowRight: "present-next",
    PageDown: "present-next",
    " ": "present-next",
    ArrowLeft: "present-prev",
    PageUp: "present-prev",
    Home: "present-first",
    End: "present-last"
  };

  document.addEventListener("keydown", function (event) {
    if (!root() || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
      return;
    }
    // Space and Enter on a focused button or link already activate it.
    if ((event.key === " " || event.key === "Enter") && (tag === "BUTTON" || tag === "A")) {
      return;
    }
    if (event.key in KEYS) {
      event.preventDefault();
      go(KEYS[event.key]);
    } else if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      toggleFullscreen();
    } else if (event.key === "Escape" && !document.fullscreenElement) {
      event.preventDefault();
      leave();
    }
  });

  var BUTTONS = ["present-first", "present-prev", "present-next", "present-last"];

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("button");
    if (!button || !root()) {
      return;
    }
    if (button.id === "present-fullscreen") {
      toggleFullscreen();
    } else if (BUTTONS.indexOf(button.id) >= 0) {
      go(button.id);
    }
  });

  // Fit the slide to the screen: the chart's text is 24 px at 1080p and scales with the
  // screen's height; the event's text shrinks until it fits its box, so nothing scrolls or is cut.
  var CHART_TEXT_AT_1080 = 24;
  var SMALLEST_TEXT = 11;

  function chartTextSize() {
    return Math.max(13, Math.round(CHART_TEXT_AT_1080 * window.innerHeight / 1080));
  }

  // The figure as the server drew it (for 1080p), kept per figure so a resize scales from it.
  var drawnAt1080 = new WeakMap();

  function fitChart() {
    var gd = document.querySelector("#present-timeline .js-plotly-plot");
    if (!gd || !gd.layout || !gd.data || !gd.data.length || !window.Plotly) {
      return;
    }
    var screen = window.innerWidth + "x" + window.innerHeight;
    var drawn = drawnAt1080.get(gd.data[0]);
    if (!drawn) {
      drawn = {
        font: gd.layout.font && gd.layout.font.size,
        markers: gd.data.map(function (trace) { return trace.marker && trace.marker.size; }),
        lines: gd.data.map(function (trace) {
          return trace.marker && trace.marker.line && trace.marker.line.width;
        }),
        labels: gd.data.map(function (trace) { return trace.textfont && trace.textfont.size; })
      };
      drawnAt1080.set(gd.data[0], drawn);
    }
    if (!drawn.font || drawn.screen === screen) {
      return;
    }
    drawn.screen = screen;
    var size = chartTextSize();
    var k = size / drawn.font;
    // Step labels sit along the date axis, so they also follow the chart's width (a 4:3
    // projector has less room across than a 16:9 one of the same height).
    var across = Math.min(1, (window.innerWidth / window.innerHeight) / (16 / 9));
    function scaled(values, factor) {
      return values.map(function (v) { return typeof v === "number" ? v * factor : v; });
    }
    window.Plotly.update(
      gd,
      {
        "marker.size": scaled(drawn.markers, k),
        "marker.line.width": scaled(drawn.lines, k),
        "textfont.size": scaled(drawn.labels, k * across)
      },
      {"font.size": size, "hoverlabel.font.size": size - 2}
    );
  }

  function fits(box) {
    return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
  }

  function fitText() {
    var box = document.getElementById("present-event");
    var progress = document.getElementById("present-progress");
    if (!box || !box.clientHeight) {
      return;
    }
    box.style.fontSize = "";
    // Tells a test which step the text was last fitted for.
    box.setAttribute("data-fitted", progress ? progress.textContent : "");
    if (fits(box)) {
      return;
    }
    var high = parseFloat(window.getComputedStyle(box).fontSize);
    var low = SMALLEST_TEXT;
    for (var i = 0; i < 8; i++) {
      var mid = (low + high) / 2;
      box.style.fontSize = mid + "px";
      if (fits(box)) {
        low = mid;
      } else {
        high = mid;
      }
    }
    box.style.fontSize = low + "px";
  }

  var pending = null;
  function fitSoon() {
    if (pending === null) {
      pending = window.setTimeout(function () {
        pending = null;
        fitText();
        fitChart();
      }, 30);
    }
  }

  new MutationObserver(fitSoon).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("resize", fitSoon);
  document.addEventListener("toggle", fitSoon, true);

  var touch = null;
  document.addEventListener("touchstart", function (event) {
    if (root() && event.touches.length === 1) {
      touch = { x: event.touches[0].clientX, y: event.touches[0].clientY };
    }
  }, { passive: true });
  document.addEventListener("touchend", function (event) {
    if (!touch || !root() || !event.changedTouches.length) {
      touch = null;
      return;
    }
    var dx = event.changedTouches[0].clientX - touch.x;
    var dy = event.changedTouches[0].clientY - touch.y;
    touch = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
      go(dx < 0 ? "present-next" : "present-prev");
    }
  }, { passive: true });
})();

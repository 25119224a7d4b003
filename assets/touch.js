// On a touch screen a tap on a chart opens the event's sheet; Plotly would also leave the hover
// label drawn (nothing moves off the point to hide it), and it runs off a phone's screen. After a
// tap on any chart the label is taken away.
(function () {
    var touched = false;
    document.addEventListener("pointerdown", function (e) { touched = e.pointerType === "touch"; }, true);

    function bind(graph) {
        if (graph.dataset.tapUnhover || typeof graph.on !== "function") return;
        graph.dataset.tapUnhover = "1";
        graph.on("plotly_click", function () {
            if (!touched || !window.Plotly) return;
            window.setTimeout(function () { window.Plotly.Fx.unhover(graph); }, 0);
        });
        graph.on("plotly_hover", function () {
            if (touched && window.Plotly) window.setTimeout(function () { window.Plotly.Fx.unhover(graph); }, 400);
        });
    }

    window.timelineRepairs = (window.timelineRepairs || []).concat([
        function () { document.querySelectorAll(".js-plotly-plot").forEach(bind); },
    ]);
})();

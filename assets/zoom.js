// Forward a timeline relayout to the zoom store only when it moved the date axis. A wheel or a
// pinch sends a relayout per notch: only the last one of a gesture (none newer within 250 ms)
// reaches the server, so a gesture costs one request and its window goes into the link.
(function () {
    var latest = 0;
    var SETTLE_MS = 250;
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        timeline: Object.assign({}, (window.dash_clientside || {}).timeline, {
            dateAxisRelayout: function (relayout) {
                var noUpdate = window.dash_clientside.no_update;
                var moved = relayout && Object.keys(relayout).some(function (k) {
                    return k.startsWith("xaxis.range") || k === "xaxis.autorange";
                });
                // Playback's own moves stay in the browser; it sends the window when it pauses.
                if (!moved || (window.timelinePlayback && window.timelinePlayback.drew(relayout))) return noUpdate;
                var mine = ++latest;
                return new Promise(function (resolve) {
                    setTimeout(function () {
                        resolve(mine === latest ? relayout : noUpdate);
                    }, SETTLE_MS);
                });
            },
        }),
    });
})();

// Following a chain step shows the new event's detail from its heading: once the answer has
// drawn the new title, the heading scrolls into view and takes the focus, so that the reader
// (and a screen reader) is not left at the bottom of the old event's chain.
(function () {
    var awaited = null; // the old title while a chain step's answer is awaited

    document.addEventListener("click", function (e) {
        var step = e.target.closest && e.target.closest(".chain-link");
        if (!step) return;
        var title = document.querySelector("#detail .detail-title");
        awaited = title ? title.textContent : "";
    });

    function followed() {
        if (awaited === null) return;
        var title = document.querySelector("#detail .detail-title");
        if (!title || title.textContent === awaited) return;
        awaited = null;
        title.setAttribute("tabindex", "-1");
        var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        title.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
        title.focus({ preventScroll: true });
    }

    window.timelineRepairs = (window.timelineRepairs || []).concat([followed]);
})();

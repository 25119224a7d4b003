// dash-ag-grid's script (1.3 MB, and 0.9 MB more it loads itself) is not in the page: grids
// appear only in the Table tab, the folded chart tables and the upload preview. Until a grid
// is first on screen, `dash_ag_grid.AgGrid` is this stand-in, which then adds the real script
// (its address is in #grid-script) and draws the real grid with the same props.
(function () {
    if (window.dash_ag_grid) return;
    var React = window.React;
    var loading = null;

    function load() {
        if (!loading) {
            loading = new Promise(function (resolve, reject) {
                var source = document.getElementById("grid-script");
                var script = document.createElement("script");
                script.src = JSON.parse(source.textContent);
                script.onload = function () { resolve(window.dash_ag_grid); };
                script.onerror = reject;
                document.head.appendChild(script);
            });
        }
        return loading;
    }

    function LazyGrid(props) {
        var box = React.useRef(null);
        var state = React.useState(null);
        var real = state[0], setReal = state[1];
        React.useEffect(function () {
            var element = box.current, done = false;
            function show() {
                if (done) return;
                done = true;
                load().then(function (library) { setReal(function () { return library.AgGrid; }); });
            }
            if (!("IntersectionObserver" in window)) { show(); return undefined; }
            // A grid inside a closed <details> or a hidden panel waits until it is laid out; one
            // anywhere on the page, even far below the fold, loads at once.
            var watch = new IntersectionObserver(function (entries) {
                if (entries.some(function (e) { return e.isIntersecting; })) { watch.disconnect(); show(); }
            }, {rootMargin: "100000px"});
            watch.observe(element);
            return function () { watch.disconnect(); };
        }, []);
        if (real) return React.createElement(real, props);
        return React.createElement("div", {
            ref: box, id: props.id, className: "grid-loading " + (props.className || ""),
            style: Object.assign({minHeight: "2em"}, props.style), "aria-busy": "true"
        });
    }

    window.dash_ag_grid = {AgGrid: LazyGrid};
})();

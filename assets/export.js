// The export panel tells the app when it is opened or closed, so that its words, embed code and
// preview are worked out only while someone can see them.
document.addEventListener(
    "toggle",
    function (e) {
        var panel = e.target;
        if (!panel || panel.id !== "export-panel") return;
        if (window.dash_clientside && window.dash_clientside.set_props) {
            window.dash_clientside.set_props("export-open", { data: panel.open });
        }
    },
    true
);

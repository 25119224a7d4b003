// Cell renderers for the event table. Text is set through React, never as HTML.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.SourceLinks = function (props) {
    var links = (props.value || []).filter(function (link) {
        return /^https?:\/\//i.test(link.url);
    });
    return React.createElement(
        "span",
        { className: "table-sources" },
        links.map(function (link, i) {
            return React.createElement(
                "a",
                { key: i, href: link.url, target: "_blank", rel: "noopener noreferrer", title: link.url },
                link.host
            );
        })
    );
};

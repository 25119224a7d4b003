// The table holds the rows it was sent, a block at a time (ag-grid's infinite row model). When
// the rows it shows change (another filter or language: the table-rows-key store), it drops
// them and asks the server for the rows in sight again.
(function () {
    var last = null;
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        timeline: Object.assign({}, (window.dash_clientside || {}).timeline, {
            refreshTable: function (key, gridId) {
                var noUpdate = window.dash_clientside.no_update;
                if (key === last) return noUpdate;
                var first = last === null;
                last = key;
                var library = window.dash_ag_grid;
                // A grid not drawn yet asks for its rows when it is.
                if (first || !library || !library.getApi) return noUpdate;
                try {
                    var api = library.getApi(gridId);
                    if (api) api.purgeInfiniteCache();
                } catch (e) {
                    // Not mounted: it asks for fresh rows when it is.
                }
                return noUpdate;
            }
        })
    });
})();

// Forward a timeline relayout to the zoom store only when it moved the date axis.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  timeline: {
    dateAxisRelayout: function (relayout) {
      const moved = relayout && Object.keys(relayout).some((k) => k.startsWith("xaxis.range") || k === "xaxis.autorange");
      return moved ? relayout : window.dash_clientside.no_update;
    },
  },
});

// The traces the app draws: scatter (in the core), scattergl above 1,000 markers, bar and
// heatmap in the linked views and density, scattergeo on the map.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/scattergl'),
    require('plotly.js/lib/scattergeo'),
]);

module.exports = Plotly;

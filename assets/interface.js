// Language and theme of the page (from the interface callback), and the filters folded on a phone.
// Functions live here, not inline, because the app's CSP allows only Dash's own inline script.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  a11y: {
    applyPage: function (page) {
      if (page) {
        document.documentElement.lang = page.lang;
        document.documentElement.dataset.theme = page.theme;
        document.title = page.title;
      }
      return page ? page.lang + " " + page.theme : "";
    },
    filtersOpen: function (_) {
      return window.matchMedia("(min-width: 701px)").matches;
    },
  },
});

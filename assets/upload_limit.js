// Refuse a file over the upload limit before it is sent, using the size the browser knows.
// The limit and the refusal in each language come from data-* attributes that
// timeline/upload.py puts around the drop zone; dcc.Upload's max_size keeps the file from
// being sent, and this says why in #import-too-large.
(function () {
  "use strict";

  function check(files, inside) {
    var holder = inside && inside.closest ? inside.closest("[data-max-bytes]") : null;
    var note = document.getElementById("import-too-large");
    if (!holder || !note || !files) {
      return;
    }
    var limit = Number(holder.getAttribute("data-max-bytes"));
    var big = null;
    for (var i = 0; i < files.length; i += 1) {
      if (files[i].size > limit) {
        big = files[i];
        break;
      }
    }
    if (!big) {
      note.textContent = "";
      note.hidden = true;
      return;
    }
    var lang = document.documentElement.lang === "ko" ? "ko" : "en";
    var refusal = holder.getAttribute("data-too-large-" + lang) || "";
    var size = (big.size / 1048576).toFixed(1);
    var named = lang === "ko" ? big.name + " (" + size + "MB)" : big.name + " (" + size + " MB)";
    note.textContent = refusal.replace("{name}", named);
    note.hidden = false;
  }

  document.addEventListener(
    "change",
    function (event) {
      if (event.target && event.target.type === "file") {
        check(event.target.files, event.target);
      }
    },
    true
  );
  document.addEventListener(
    "drop",
    function (event) {
      check(event.dataTransfer && event.dataTransfer.files, event.target);
    },
    true
  );
})();

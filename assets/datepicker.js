// A date picker beside each typed date filter: a native date input whose choice is written into
// the text box (which still accepts typed dates) and sent as if typed and confirmed with Enter.
(function () {
    var BOXES = ["date-from", "date-to"];
    var setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;

    function attach(id) {
        var box = document.getElementById(id);
        if (!box || box.dataset.picker) return;
        box.dataset.picker = "1";
        var picker = document.createElement("input");
        picker.type = "date";
        picker.className = "date-picker";
        picker.tabIndex = -1; // the typed box is the keyboard's way in; this is for the pointer
        picker.setAttribute("aria-hidden", "true");
        picker.title = "Pick a date";
        picker.addEventListener("focus", function () {
            picker.value = /^\d{4}-\d{2}-\d{2}$/.test(box.value) ? box.value : "";
        });
        picker.addEventListener("change", function () {
            if (!picker.value) return;
            setValue.call(box, picker.value);
            box.dispatchEvent(new Event("input", { bubbles: true }));
            box.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", keyCode: 13, bubbles: true }));
            box.dispatchEvent(new KeyboardEvent("keypress", { key: "Enter", keyCode: 13, charCode: 13, bubbles: true }));
        });
        box.insertAdjacentElement("afterend", picker);
    }

    window.timelineRepairs = (window.timelineRepairs || []).concat([
        function () { BOXES.forEach(attach); },
    ]);
})();

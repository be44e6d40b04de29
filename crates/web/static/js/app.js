// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Show post fields only when the organisation kind is 巾帼文明岗.
  function syncPostFields(select) {
    var isPost = select.value === "post";
    document.querySelectorAll(".post-only").forEach(function (el) { el.hidden = !isPost; });
    document.querySelectorAll(".fed-only").forEach(function (el) { el.hidden = isPost; });
  }
  document.querySelectorAll("select[data-post-toggle]").forEach(function (select) {
    syncPostFields(select);
    select.addEventListener("change", function () { syncPostFields(select); });
  });
  // 全选本页: a header checkbox that checks every row of its table.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var name = all.getAttribute("data-select-all");
    var form = all.form;
    var boxes = function () {
      return form ? form.querySelectorAll('input[type="checkbox"][name="' + name + '"]') : [];
    };
    var label = all.closest("label");
    if (label) { label.hidden = false; }
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
    if (form) {
      form.addEventListener("change", function (event) {
        if (event.target !== all && event.target.name === name) {
          var list = Array.prototype.slice.call(boxes());
          all.checked = list.length > 0 && list.every(function (box) { return box.checked; });
        }
      });
    }
  });
  // 推荐名单 on a desktop: drag a row by its handle to a new place; the 序号 boxes follow the
  // new order and 保存排序和理由 saves it (typing numbers still works everywhere).
  var recBody = document.querySelector("table.rec-table tbody");
  if (recBody && window.matchMedia && window.matchMedia("(min-width: 720px)").matches) {
    var dragged = null;
    var renumber = function () {
      recBody.querySelectorAll('input[name="position"]').forEach(function (input, i) {
        input.value = String(i + 1);
      });
      var hint = document.getElementById("rec-drag-hint");
      if (hint) { hint.hidden = false; }
    };
    recBody.querySelectorAll("tr").forEach(function (row) {
      var cell = row.querySelector(".rec-pos");
      if (!cell) { return; }
      var handle = document.createElement("span");
      handle.className = "rec-handle";
      handle.setAttribute("aria-hidden", "true");
      handle.title = "拖动调整顺序";
      handle.textContent = "⠿";
      cell.insertBefore(handle, cell.firstChild);
      handle.addEventListener("mousedown", function () { row.draggable = true; });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("rec-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", "");
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("rec-dragging");
        row.draggable = false;
        dragged = null;
        renumber();
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged === row) { return; }
        event.preventDefault();
        var box = row.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        recBody.insertBefore(dragged, after ? row.nextSibling : row);
      });
      row.addEventListener("drop", function (event) { event.preventDefault(); });
    });
  }
  // Mark inputs whose field has an error, for screen readers and styling.
  document.querySelectorAll(".field-error").forEach(function (p) {
    var field = p.id.replace(/-error$/, "");
    var input = document.getElementById(field);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + p.id);
    }
  });
})();

// 长者模式 (large text for older readers): remembered per browser, applied before the page is
// drawn (this file loads in <head>, without defer), toggled by the header's button. The button
// is in the HTML of every page but hidden, so cached public pages stay the same for everyone.
(function () {
  "use strict";
  var KEY = "jinguo-large-text";
  var root = document.documentElement;
  var on = false;
  try { on = window.localStorage.getItem(KEY) === "1"; } catch (e) { on = false; }
  if (on) { root.classList.add("large-text"); }
  function sync(button) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "退出长者模式" : "长者模式";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-large-text]");
    buttons.forEach(function (button) {
      button.hidden = false;
      sync(button);
      button.addEventListener("click", function () {
        on = !on;
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
        root.classList.toggle("large-text", on);
        buttons.forEach(sync);
      });
    });
  });
})();

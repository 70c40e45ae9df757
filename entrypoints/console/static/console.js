// orderhub console: the little JavaScript the pages need (no inline scripts: the CSP forbids them).
// Elements marked data-reveals="ID" show the element ID while they are checked (e.g. "New customer").
// Buttons marked data-opens="ID" (an order's "Mark as shipped", "Cancel order") show or hide the
// fields ID in place; without JavaScript they ask the server for the page with those fields open.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-reveals]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-reveals"));
    if (!target) return;
    var sync = function () { target.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  });
  document.querySelectorAll("button[data-opens]").forEach(function (button) {
    var fields = document.getElementById(button.getAttribute("data-opens"));
    if (!fields) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var opening = fields.hidden;
      fields.hidden = !opening;
      button.setAttribute("aria-expanded", opening ? "true" : "false");
      if (opening) {
        var first = fields.querySelector("input:not([type=hidden]), textarea, select");
        if (first) first.focus();
      }
    });
  });
});

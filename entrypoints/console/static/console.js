// orderhub console: the little JavaScript the pages need (no inline scripts: the CSP forbids them).
// Elements marked data-reveals="ID" show the element ID while they are checked (e.g. "New customer").
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-reveals]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-reveals"));
    if (!target) return;
    var sync = function () { target.hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  });
});

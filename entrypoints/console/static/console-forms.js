// The console's forms, with JavaScript: a checkbox with data-reveals="ID" shows the element ID only
// while it is ticked ("New customer", "Ship to a different address"). Without JavaScript every
// field stays visible and the form works the same. No money is computed here: the running total
// comes from the server (htmx), which uses the domain's own rule.
(function () {
  "use strict";
  function follow(box) {
    var target = document.getElementById(box.getAttribute("data-reveals"));
    if (target) {
      target.hidden = !box.checked;
      box.setAttribute("aria-expanded", box.checked ? "true" : "false");
    }
  }
  function start() {
    var boxes = document.querySelectorAll("input[type=checkbox][data-reveals]");
    Array.prototype.forEach.call(boxes, function (box) {
      follow(box);
      box.addEventListener("change", function () { follow(box); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

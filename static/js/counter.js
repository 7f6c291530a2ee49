// Live count of the characters left in a text area (progressive enhancement: the field's
// maxlength and help text already say the limit without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-counter][maxlength]").forEach(function (field) {
    var counter = document.getElementById(field.dataset.counter);
    if (!counter) return;
    var template = document.documentElement.lang === "fr" ? "{n} caractères restants" : "{n} characters left";
    var update = function () {
      counter.textContent = template.replace("{n}", field.maxLength - field.value.length);
    };
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
  });
})();

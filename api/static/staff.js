// The staff app's few behaviours beyond htmx: lists that change page when a choice changes, the upload bar, the funnel's figures.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.requestSubmit();
  }
});
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  var detail = event.detail || {};
  if (!bar || !detail.lengthComputable || !detail.total) {
    return;
  }
  bar.hidden = false;
  bar.value = Math.round((detail.loaded * 100) / detail.total);
});
// The funnel's bars and heat colours: each element's figure (0 to 1) becomes a CSS variable (inline style attributes are refused by the CSP).
function applyFigures(root) {
  root.querySelectorAll("[data-share]").forEach(function (element) {
    element.style.setProperty("--share", element.getAttribute("data-share"));
  });
  root.querySelectorAll("[data-heat]").forEach(function (element) {
    element.style.setProperty("--heat", element.getAttribute("data-heat"));
  });
}
document.addEventListener("DOMContentLoaded", function () { applyFigures(document); });
document.addEventListener("htmx:load", function (event) { applyFigures(event.target); });

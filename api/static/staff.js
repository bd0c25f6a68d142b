// The staff app's few behaviours beyond htmx: lists that change page when a choice changes, and the upload bar.
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

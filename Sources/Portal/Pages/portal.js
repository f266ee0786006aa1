// Progressive enhancement only: every form works without this script.
// - Drag and drop: a file dropped on the upload form is put into its file field and the same
//   form is submitted (a plain multipart POST, as without JavaScript). Not offered where the
//   main pointer is a finger (a touch screen has no file to drag).
// - Forms with data-confirm ask before they are sent (access-link resets).
// - The one-time access link is selected for copying.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-dropzone]").forEach(function (form) {
    var zone = form.querySelector(".drop");
    var input = form.querySelector("input[type=file]");
    var hint = form.querySelector(".drop-hint");
    if (!zone || !input || typeof DataTransfer === "undefined") return;
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) return;
    if (hint) hint.hidden = false;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
      var transfer = new DataTransfer();
      transfer.items.add(event.dataTransfer.files[0]);
      input.files = transfer.files;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "正在上传并校验…"; }
    });
  });
  document.querySelectorAll("form.corrections, form.new-row").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "正在保存并校验…"; }
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  var copy = document.querySelector("input.copy");
  if (copy) { copy.focus(); copy.select(); }
});

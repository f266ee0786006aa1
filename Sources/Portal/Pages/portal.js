// Progressive enhancement only: every form works without this script.
// - Drag and drop: a file dropped on the upload form is put into its file field and the same
//   form is submitted (a plain multipart POST, as without JavaScript). Not offered where the
//   main pointer is a finger (a touch screen has no file to drag).
// - Forms with data-confirm ask before they are sent (access-link resets).
// - The one-time access link is selected for copying.
// - Copy buttons (data-copy = the id of the text to copy) are shown and copy it; without this
//   script they stay hidden and the text is selected and copied by hand.
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
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) return;
    button.hidden = false;
    function done(message) { if (status) status.textContent = message; }
    button.addEventListener("click", function () {
      source.focus();
      source.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(function () { done("已复制"); }, function () {
          done(document.execCommand && document.execCommand("copy") ? "已复制" : "请按 Ctrl+C 复制已选中的文字");
        });
      } else {
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
        done(copied ? "已复制" : "请按 Ctrl+C 复制已选中的文字");
      }
    });
  });
});

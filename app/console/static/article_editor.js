// The article editor: a contenteditable body with a small toolbar; the server sanitizes whatever it is sent.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function init() {
    var editor = document.getElementById("editor");
    var field = document.getElementById("body-field");
    var form = document.getElementById("article-form");
    if (!editor || !field || !form) return;
    var box = editor.closest(".rte");
    var status = box.querySelector(".rte-status");
    var fileInput = document.getElementById("rte-image-file");
    document.execCommand("defaultParagraphSeparator", false, "p");

    function say(text) { status.textContent = text || ""; }

    box.querySelector(".rte-toolbar").addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) event.preventDefault();  // keep the selection in the body
    });
    box.querySelector(".rte-toolbar").addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      editor.focus();
      if (button.dataset.block) {
        document.execCommand("formatBlock", false, button.dataset.block);
      } else if (button.dataset.command) {
        document.execCommand(button.dataset.command, false, null);
      } else if (button.dataset.action === "link") {
        var url = window.prompt("链接地址（以 http:// 或 https:// 开头）", "https://");
        if (url === null) return;
        url = url.trim();
        if (!/^https?:\/\/\S+$/i.test(url)) { say("链接须以 http:// 或 https:// 开头"); return; }
        document.execCommand("createLink", false, url);
        say("");
      } else if (button.dataset.action === "image") {
        fileInput.click();
      }
    });

    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (!file) return;
      var data = new FormData();
      data.append("file", file);
      say("正在上传图片……");
      fetch(box.dataset.uploadUrl, {method: "POST", body: data, credentials: "same-origin",
                                    headers: {"X-CSRFToken": csrfToken()}})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (!result.ok) { say(result.body.error || "图片未能上传"); return; }
          editor.focus();
          document.execCommand("insertImage", false, result.body.url);
          say("图片已插入，记得保存");
        })
        .catch(function () { say("图片未能上传，请检查网络后重试"); })
        .finally(function () { fileInput.value = ""; });
    });

    // Pasted text arrives as plain text: formats from Word or web pages would only be stripped on saving.
    editor.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text/plain");
      if (!text) return;
      event.preventDefault();
      document.execCommand("insertText", false, text);
    });

    form.addEventListener("submit", function () { field.value = editor.innerHTML; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

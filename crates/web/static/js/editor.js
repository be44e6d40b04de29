// The article editor's enhancements: block tools, live 字数, splitting pasted text, photo upload
// and re-crop, Word import and autosave. Without this script the editor is a plain form that
// works; with it the form stays a valid form (block_type, then its fields, in document order),
// so the normal buttons still post exactly what is on screen.
(function () {
  "use strict";

  var form = document.getElementById("editor");
  var blocksEl = document.getElementById("blocks");
  var templates = document.getElementById("editor-templates");
  var versionInput = document.getElementById("version");
  if (!form || !blocksEl || !versionInput || !templates || !("content" in templates) ||
      !window.FormData || !window.Promise || !window.XMLHttpRequest) {
    return;
  }
  // No id yet on a new article: the first autosave with something in it creates the draft.
  var articleId = form.getAttribute("data-article-id");
  var campaignId = parseInt(form.getAttribute("data-campaign-id"), 10) || 0;
  var csrf = form.getAttribute("data-csrf");
  var maxWords = parseInt(form.getAttribute("data-max-words"), 10) || 0;
  var statusEl = document.getElementById("autosave-status");
  var KIND_NAMES = { paragraph: "段落", subheading: "小标题", image: "图片" };
  var CONFLICT = "稿件已在其他窗口或被他人修改，请复制您的修改后刷新页面";
  var fieldSeq = 0;

  var announcer = make("p", { "class": "sr-only", "aria-live": "polite" });
  document.body.appendChild(announcer);

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }
  function announce(text) { announcer.textContent = text; }
  function allBlocks() { return Array.prototype.slice.call(blocksEl.querySelectorAll(":scope > .block")); }
  function field(block, name) { return block.querySelector("[name=\"" + name + "\"]"); }
  function showStatus(node, text, kind) {
    if (!node) return;
    node.textContent = text;
    node.hidden = !text;
    node.className = node.className.replace(/\s*is-(ok|error|warn|busy)\b/g, "") + (kind ? " is-" + kind : "");
  }

  // ---- Requests: every one is counted, so autosave never overlaps another request ----------
  var busy = 0;
  var idleWaiters = [];
  var deferred = false; // an autosave came due while another request was running
  function settled() {
    busy -= 1;
    if (busy > 0) return;
    idleWaiters.splice(0).forEach(function (fn) { fn(); });
    if (deferred) { deferred = false; schedule(1000); }
  }
  function whenIdle(fn) { if (busy === 0) fn(); else idleWaiters.push(fn); }
  function failure(status, data) {
    var message = data && data.error && data.error.message;
    if (!message) {
      message = status === 0 ? "网络连接失败，请检查网络后重试。"
        : status === 413 ? "文件太大，请选择不超过 20 MB 的文件。"
        : "服务器暂时无法处理（" + status + "），请稍后重试。";
    }
    var error = new Error(message);
    error.status = status;
    error.code = data && data.error && data.error.code;
    return error;
  }
  // JSON in and out; FormData bodies report upload progress (0..1) to onProgress. done(data) or
  // fail(error) runs before the request counts as finished (so a waiting submit sees its effect);
  // the promise returned resolves after that.
  function send(method, url, body, done, fail, onProgress) {
    busy += 1;
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      if (typeof body === "string") xhr.setRequestHeader("Content-Type", "application/json");
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded / e.total); };
        xhr.upload.onload = function () { onProgress(1); };
      }
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (ignored) { data = null; }
        if (xhr.status >= 200 && xhr.status < 300 && data) resolve(data);
        else reject(failure(xhr.status, data));
      };
      xhr.onerror = function () { reject(failure(0, null)); };
      xhr.send(body);
    }).then(done, fail).then(settled, function (error) { settled(); throw error; });
  }

  // ---- The form as the server reads it (blocks.rs content_from_form) ------------------------
  function contentFromForm() {
    var content = { title: "", themes: [], blocks: [], cover: null };
    var current = null;
    var flush = function () { if (current) content.blocks.push(current); current = null; };
    new FormData(form).forEach(function (value, key) {
      if (typeof value !== "string") return;
      if (key === "title") content.title = value;
      else if (key === "themes") content.themes.push(value);
      else if (key === "cover" && value !== "") content.cover = value;
      else if (key === "block_type") {
        flush();
        current = value === "paragraph" || value === "subheading" ? { type: value, text: "" }
          : value === "image" ? { type: "image", media: "", caption: "" } : null;
      } else if (key === "block_text" && current && current.type !== "image") current.text = value;
      else if (key === "block_media" && current && current.type === "image") current.media = value;
      else if (key === "block_caption" && current && current.type === "image") current.caption = value;
      else if (key === "append_text" && trimSpace(value) !== "") {
        flush();
        content.blocks.push({ type: "paragraph", text: value });
      }
    });
    flush();
    content.blocks = content.blocks.filter(function (b) { return b.type !== "image" || b.media !== ""; });
    return content;
  }

  // ---- Live 字数: paragraphs, subheadings and captions, never the title ----------------------
  var countEl = document.getElementById("word-count");
  var meterEl = document.getElementById("word-meter");
  var overEl = document.getElementById("word-over");
  // A copy of the count beside the save status in the (sticky) buttons row, always in sight.
  var actions = form.querySelector(".form-actions");
  var stateRow = make("div", { "class": "save-state" });
  var miniCount = make("span", { "class": "mini-count", "aria-hidden": "true" });
  if (statusEl) stateRow.appendChild(statusEl);
  stateRow.appendChild(miniCount);
  if (actions) actions.appendChild(stateRow);
  function recount() {
    if (!countEl || typeof window.jinguoCountWords !== "function") return;
    var total = 0;
    contentFromForm().blocks.forEach(function (b) {
      total += window.jinguoCountWords(b.type === "image" ? b.caption : b.text);
    });
    countEl.textContent = String(total);
    var over = maxWords > 0 && total > maxWords;
    if (meterEl) meterEl.classList.toggle("is-over", over);
    if (overEl) overEl.textContent = over ? "超出 " + (total - maxWords) + " 字" : "";
    miniCount.textContent = total + (maxWords > 0 ? " / " + maxWords : "") + " 字";
    miniCount.classList.toggle("is-over", over);
  }

  // ---- Blocks: tools, adding, moving, deleting --------------------------------------------
  var currentBlock = null;
  function newBlock(kind) {
    var proto = templates.content.querySelector("[data-kind=\"" + kind + "\"]");
    var block = document.importNode(proto, true);
    enhance(block);
    return block;
  }
  function toolButton(action, text, label) {
    var button = make("button", { type: "button", "class": "btn btn-small", "data-action": action }, text);
    if (label) button.setAttribute("aria-label", label);
    return button;
  }
  function enhance(block) {
    if (block.querySelector(".block-tools")) return;
    var kind = block.getAttribute("data-kind");
    var name = KIND_NAMES[kind] || "内容";
    var label = block.querySelector(".block-label");
    var input = field(block, kind === "image" ? "block_caption" : "block_text");
    if (label && input) {
      fieldSeq += 1;
      input.id = input.id || "block-field-" + fieldSeq;
      label.htmlFor = input.id;
    }
    var tools = make("div", { "class": "block-tools", role: "toolbar", "aria-label": name + "操作" });
    tools.appendChild(toolButton("up", "上移", "上移此" + name));
    tools.appendChild(toolButton("down", "下移", "下移此" + name));
    tools.appendChild(toolButton("delete", "删除", "删除此" + name));
    block.insertBefore(tools, label ? label.nextSibling : block.firstChild);
    var img = block.querySelector("img");
    if (kind === "image" && img) {
      // Beside the picture on wide screens: re-crop, caption, cover (the form order is kept).
      var side = make("div", { "class": "block-side" });
      side.appendChild(toolButton("crop", "调整裁剪", "调整裁剪（此图片）"));
      var radio = field(block, "cover");
      [input, radio && radio.closest("label")].forEach(function (n) { if (n) side.appendChild(n); });
      img.parentNode.insertBefore(side, img.nextSibling);
    }
    var adds = make("div", { "class": "block-insert", role: "group", "aria-label": "在此后添加" });
    adds.appendChild(toolButton("add-paragraph", "＋ 添加段落", "在此后添加段落"));
    adds.appendChild(toolButton("add-subheading", "＋ 添加小标题", "在此后添加小标题"));
    block.appendChild(adds);
  }
  function refreshTools() {
    var list = allBlocks();
    list.forEach(function (block, i) {
      block.querySelector("[data-action=up]").disabled = i === 0;
      block.querySelector("[data-action=down]").disabled = i === list.length - 1;
    });
  }
  function insertAfter(block, anchor) {
    blocksEl.insertBefore(block, anchor ? anchor.nextSibling : null);
  }
  function focusBlock(block) {
    var input = block.querySelector("textarea, input:not([type=hidden]):not([type=radio])");
    if (input) input.focus();
  }
  function addBlock(kind, anchor) {
    var block = newBlock(kind);
    insertAfter(block, anchor);
    structureChanged();
    focusBlock(block);
    announce("已添加" + KIND_NAMES[kind]);
    return block;
  }
  function hasContent(block) {
    return Array.prototype.some.call(block.querySelectorAll("textarea, input[name=block_text], input[name=block_media], input[name=block_caption]"),
      function (input) { return input.value.trim() !== ""; });
  }
  blocksEl.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-action]");
    var block = button && button.closest(".block");
    if (!block) return;
    var action = button.getAttribute("data-action");
    var name = KIND_NAMES[block.getAttribute("data-kind")] || "内容";
    var sibling;
    if (action === "up" && (sibling = block.previousElementSibling)) {
      blocksEl.insertBefore(block, sibling);
      announce("已上移");
    } else if (action === "down" && (sibling = block.nextElementSibling)) {
      blocksEl.insertBefore(sibling, block);
      announce("已下移");
    } else if (action === "delete") {
      if (hasContent(block) && !window.confirm("确定删除这个" + name + "吗？")) return;
      var next = block.nextElementSibling || block.previousElementSibling;
      block.remove();
      if (currentBlock === block) currentBlock = null;
      structureChanged();
      announce("已删除" + name);
      if (next && next.classList.contains("block")) focusBlock(next);
      return;
    } else if (action === "add-paragraph" || action === "add-subheading") {
      addBlock(action.slice(4), block);
      return;
    } else if (action === "crop") {
      openCrop(block, button);
      return;
    }
    structureChanged();
    if (!button.disabled) button.focus();
    else block.querySelector("[data-action=" + (action === "up" ? "down" : "up") + "]").focus();
  });
  blocksEl.addEventListener("focusin", function (event) {
    var block = event.target.closest && event.target.closest(".block");
    if (!block || block === currentBlock) return;
    if (currentBlock) currentBlock.classList.remove("is-current");
    currentBlock = block;
    block.classList.add("is-current");
  });

  // Add at the end, or a photo after the current block.
  var imageForm = document.getElementById("image-upload");
  var imageInput = imageForm && imageForm.querySelector("input[type=file]");
  var adder = make("div", { "class": "block-adder", role: "toolbar", "aria-label": "添加内容" });
  adder.appendChild(toolButton("add-paragraph", "＋ 添加段落", "在末尾添加段落"));
  adder.appendChild(toolButton("add-subheading", "＋ 添加小标题", "在末尾添加小标题"));
  if (imageInput) adder.appendChild(toolButton("add-image", "＋ 插入图片", "插入图片（放在当前内容之后）"));
  blocksEl.parentNode.insertBefore(adder, blocksEl.nextSibling);
  adder.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "add-image") imageInput.click();
    else addBlock(action.slice(4), allBlocks().pop() || null);
  });

  // Pasting several lines from Word or WPS makes several paragraphs (content.rs split_paragraphs).
  // Rust's str::trim (char::is_whitespace, which is not quite JavaScript's trim).
  function trimSpace(text) {
    return text.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, "");
  }
  function splitParagraphs(text) {
    return text.replace(/\r\n/g, "\n").replace(/\r/g, "\n").split(/[\n\u2028\u2029\u000b]/)
      .map(trimSpace)
      .filter(function (line) { return line !== ""; });
  }
  blocksEl.addEventListener("paste", function (event) {
    var area = event.target;
    var block = area.closest && area.closest(".block");
    if (!block || block.getAttribute("data-kind") !== "paragraph" || area.name !== "block_text" ||
        !event.clipboardData) return;
    var pasted = event.clipboardData.getData("text/plain");
    var before = area.value.slice(0, area.selectionStart);
    var after = area.value.slice(area.selectionEnd);
    var parts = splitParagraphs(before + pasted + after);
    if (parts.length < 2) return;
    event.preventDefault();
    area.value = parts[0];
    var anchor = block;
    parts.slice(1).forEach(function (text) {
      var added = newBlock("paragraph");
      field(added, "block_text").value = text;
      insertAfter(added, anchor);
      anchor = added;
    });
    structureChanged();
    var last = field(anchor, "block_text");
    last.focus();
    var caret = last.value.length - splitParagraphs(after).join("").length;
    last.setSelectionRange(Math.max(0, caret), Math.max(0, caret));
    announce("已分成 " + parts.length + " 段");
  });

  // ---- Image blocks ----------------------------------------------------------------------
  function setMedia(block, data) {
    field(block, "block_media").value = data.media;
    var img = block.querySelector("img");
    img.src = data.url;
    // The radio keeps its checked state, so a cover that was this picture stays this picture.
    var radio = field(block, "cover");
    if (radio) radio.value = data.media;
    var warn = block.querySelector(".block-warn");
    if (data.blurry && !warn) {
      warn = make("p", { "class": "block-warn", role: "status" }, "这张图片看起来不够清晰，建议换一张更清楚的照片（仍可使用）。");
      var side = block.querySelector(".block-side");
      side.insertBefore(warn, side.firstChild.nextSibling);
    } else if (!data.blurry && warn) {
      warn.remove();
    }
  }
  function imageBlock(data) {
    var block = newBlock("image");
    setMedia(block, data);
    field(block, "block_caption").value = data.caption || "";
    return block;
  }

  // Where a photo goes: at the caret. The file chooser takes the focus, so the caret is
  // remembered as it leaves a paragraph; text typed in the 继续添加段落 box becomes paragraphs
  // first, so a photo chosen after typing lands after that text, never above it.
  var appendBox = document.getElementById("append_text");
  var appendFocused = false;
  var lastCaret = null;
  if (appendBox) {
    appendBox.addEventListener("focus", function () {
      appendFocused = true;
      if (currentBlock) currentBlock.classList.remove("is-current");
      currentBlock = null;
    });
  }
  blocksEl.addEventListener("focusin", function () { appendFocused = false; });
  blocksEl.addEventListener("focusout", function (event) {
    var area = event.target;
    if (area && area.name === "block_text" && typeof area.selectionStart === "number") {
      lastCaret = { area: area, pos: area.selectionStart };
    }
  });
  function flushAppendBox() {
    if (!appendBox || trimSpace(appendBox.value) === "") return null;
    var last = null;
    splitParagraphs(appendBox.value).forEach(function (line) {
      var block = newBlock("paragraph");
      field(block, "block_text").value = line;
      blocksEl.appendChild(block);
      last = block;
    });
    appendBox.value = "";
    structureChanged();
    return last;
  }
  // A paragraph with the caret inside it is split there; the photo goes between the halves.
  function splitAtCaret(block) {
    var area = field(block, "block_text");
    if (!lastCaret || lastCaret.area !== area || block.getAttribute("data-kind") !== "paragraph") return;
    var text = area.value;
    var pos = lastCaret.pos;
    if (pos <= 0 || pos >= text.length || trimSpace(text.slice(pos)) === "") return;
    var rest = newBlock("paragraph");
    field(rest, "block_text").value = trimSpace(text.slice(pos));
    area.value = text.slice(0, pos).replace(/\s+$/, "");
    insertAfter(rest, block);
    lastCaret = null;
    structureChanged();
  }
  function photoAnchor() {
    if (appendFocused || !currentBlock || currentBlock.parentNode !== blocksEl) {
      return flushAppendBox() || allBlocks().pop() || null;
    }
    splitAtCaret(currentBlock);
    return currentBlock;
  }

  var imageStatus = document.getElementById("image-upload-status");
  function uploadImages(files) {
    var anchor = photoAnchor();
    var chain = Promise.resolve();
    var inserted = null;
    files.forEach(function (file, index) {
      var holder = make("div", { "class": "upload-placeholder", role: "status" });
      var bar = make("progress", { max: "100", value: "0" });
      var label = make("span", null, "等待上传：" + file.name);
      holder.appendChild(bar);
      holder.appendChild(label);
      insertAfter(holder, anchor);
      anchor = holder;
      chain = chain.then(function () {
        var body = new FormData();
        body.append("file", file);
        var prefix = files.length > 1 ? "（" + (index + 1) + "/" + files.length + "）" : "";
        showStatus(imageStatus, prefix + "正在上传…", "busy");
        return send("POST", "/api/v1/media", body, function (data) {
          var block = imageBlock(data);
          blocksEl.replaceChild(block, holder);
          inserted = block;
          structureChanged();
          showStatus(imageStatus, data.blurry
            ? "图片已插入，但看起来不够清晰，建议换一张更清楚的照片。" : "图片已插入正文，请填写图片说明。",
            data.blurry ? "warn" : "ok");
        }, function (error) {
          holder.remove();
          showStatus(imageStatus, file.name + "：" + error.message, "error");
        }, function (part) {
          var percent = Math.round(part * 100);
          bar.value = percent;
          label.textContent = percent < 100 ? "上传中 " + percent + "%" : "处理中…（转正方向、裁剪、压缩）";
          showStatus(imageStatus, prefix + label.textContent, "busy");
        });
      });
    });
    chain.then(function () {
      if (inserted) field(inserted, "block_caption").focus();
    });
  }
  if (imageForm && imageInput) {
    imageInput.multiple = true;
    var imageButton = imageForm.querySelector("button[type=submit]");
    if (imageButton) imageButton.hidden = true; // choosing a file starts the upload
    var takeImages = function () {
      var files = Array.prototype.slice.call(imageInput.files || []);
      imageInput.value = "";
      if (files.length) uploadImages(files);
    };
    imageInput.addEventListener("change", takeImages);
    imageForm.addEventListener("submit", function (event) { event.preventDefault(); takeImages(); });
  }

  // ---- Word import: the blocks come back (nothing saved); append them, then save -----------
  var docxForm = document.getElementById("docx-upload");
  var docxInput = docxForm && docxForm.querySelector("input[type=file]");
  var docxStatus = document.getElementById("docx-upload-status");
  // How many blocks the draft will have once saved (empty ones dropped, pasted lines split), so
  // the server can refuse a Word file that would not fit (at most 300 blocks an article).
  function savedBlockCount() {
    return allBlocks().reduce(function (n, block) {
      var text = field(block, "block_text");
      if (!text) return n + 1;
      var type = field(block, "block_type");
      if (type && type.value === "subheading") return n + (trimSpace(text.value) ? 1 : 0);
      return n + splitParagraphs(text.value).length;
    }, 0);
  }
  function importDocx(file) {
    var body = new FormData();
    body.append("existing_blocks", String(savedBlockCount()));
    body.append("file", file);
    showStatus(docxStatus, "正在上传…", "busy");
    send("POST", "/api/v1/articles/docx", body, function (data) {
      var title = document.getElementById("title");
      if (title && !title.value.trim() && data.title) title.value = data.title;
      var first = null;
      (data.blocks || []).forEach(function (b) {
        var block = b.type === "image" ? imageBlock({ media: b.media, url: "/media/" + b.media + ".jpg", caption: b.caption })
          : newBlock(b.type === "subheading" ? "subheading" : "paragraph");
        if (b.type !== "image") field(block, "block_text").value = b.text || "";
        blocksEl.appendChild(block);
        first = first || block;
      });
      structureChanged();
      var skipped = data.skipped_images || [];
      showStatus(docxStatus, "已导入 " + (data.blocks || []).length + " 项内容到正文末尾，请检查。" +
        (skipped.length ? "以下图片无法使用，已跳过：" + skipped.join("；") : ""), skipped.length ? "warn" : "ok");
      if (first) first.scrollIntoView({ block: "center" });
      saveSoon(0);
    }, function (error) {
      showStatus(docxStatus, error.message, "error");
    }, function (part) {
      showStatus(docxStatus, part < 1 ? "上传中 " + Math.round(part * 100) + "%" : "正在读取文档…", "busy");
    });
  }
  if (docxForm && docxInput) {
    docxForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = docxInput.files && docxInput.files[0];
      docxInput.value = "";
      if (file) importDocx(file);
    });
  }

  // ---- Crop dialog: the largest 750:445 window of the upright original; only its place moves
  var crop = null;
  function cropLayout() {
    var s = crop.state;
    var box = crop.box.style;
    box.left = (s.left / s.width) * 100 + "%";
    box.top = (s.top / s.height) * 100 + "%";
    box.width = (s.boxWidth / s.width) * 100 + "%";
    box.height = (s.boxHeight / s.height) * 100 + "%";
  }
  // The stage is the original scaled to fit the dialog; the window is placed in percent of it.
  function cropFit() {
    var s = crop.state;
    if (!s) return;
    var room = crop.stage.parentNode.clientWidth || s.width;
    var scale = Math.min(1, room / s.width, (window.innerHeight * 0.6) / s.height);
    crop.stage.style.width = Math.floor(s.width * scale) + "px";
    crop.stage.style.height = Math.floor(s.height * scale) + "px";
  }
  function cropMove(left, top) {
    var s = crop.state;
    s.left = Math.min(Math.max(left, 0), s.width - s.boxWidth);
    s.top = Math.min(Math.max(top, 0), s.height - s.boxHeight);
    cropLayout();
  }
  function buildCropDialog() {
    var dialog = document.importNode(templates.content.querySelector(".crop-dialog"), true);
    document.body.appendChild(dialog);
    crop = {
      dialog: dialog, image: dialog.querySelector(".crop-image"), box: dialog.querySelector(".crop-window"),
      stage: dialog.querySelector(".crop-stage"), status: dialog.querySelector(".crop-status"),
      apply: dialog.querySelector("[data-crop-apply]"), state: null, drag: null, block: null, opener: null
    };
    crop.stage.addEventListener("pointerdown", function (event) {
      if (!crop.state || event.button > 0) return;
      var s = crop.state;
      var rect = crop.stage.getBoundingClientRect();
      var scale = s.width / rect.width;
      if (event.target !== crop.box) { // jump the window's centre to where the user pressed
        cropMove((event.clientX - rect.left) * scale - s.boxWidth / 2, (event.clientY - rect.top) * scale - s.boxHeight / 2);
      }
      crop.drag = { x: event.clientX, y: event.clientY, left: s.left, top: s.top, scale: scale };
      crop.stage.setPointerCapture(event.pointerId);
      crop.box.focus();
      event.preventDefault();
    });
    crop.stage.addEventListener("pointermove", function (event) {
      var d = crop.drag;
      if (d) cropMove(d.left + (event.clientX - d.x) * d.scale, d.top + (event.clientY - d.y) * d.scale);
    });
    var endDrag = function () { crop.drag = null; };
    crop.stage.addEventListener("pointerup", endDrag);
    crop.stage.addEventListener("pointercancel", endDrag);
    crop.box.addEventListener("keydown", function (event) {
      var s = crop.state;
      var steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
      if (!s || !steps) return;
      var step = event.shiftKey ? 0.1 : 0.02;
      cropMove(s.left + steps[0] * step * s.width, s.top + steps[1] * step * s.height);
      event.preventDefault();
    });
    dialog.querySelector("[data-crop-cancel]").addEventListener("click", closeCrop);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); closeCrop(); });
    crop.apply.addEventListener("click", applyCrop);
    crop.image.addEventListener("load", function () {
      var w = crop.image.naturalWidth;
      var h = crop.image.naturalHeight;
      if (!w || !h) return;
      // Same rounding as crates/imaging/src/crop.rs largest_window.
      var boxWidth = w * 445 >= h * 750 ? Math.min(w, Math.round(h * 750 / 445)) : w;
      var boxHeight = w * 445 >= h * 750 ? h : Math.min(h, Math.round(w * 445 / 750));
      crop.state = { width: w, height: h, boxWidth: boxWidth, boxHeight: boxHeight, left: 0, top: 0 };
      var cx = parseFloat(crop.block.getAttribute("data-crop-x"));
      var cy = parseFloat(crop.block.getAttribute("data-crop-y"));
      cropMove((isNaN(cx) ? 0.5 : cx) * w - boxWidth / 2, (isNaN(cy) ? 0.5 : cy) * h - boxHeight / 2);
      cropFit();
      crop.box.hidden = false;
      crop.apply.disabled = false;
      showStatus(crop.status, boxWidth === w && boxHeight === h ? "图片已是 750:445，无需调整。" : "", "");
      crop.box.focus();
    });
    crop.image.addEventListener("error", function () {
      if (crop.image.getAttribute("src")) showStatus(crop.status, "原图无法载入，请稍后重试。", "error");
    });
    window.addEventListener("resize", function () { if (crop.dialog.open) cropFit(); });
  }
  function openCrop(block, opener) {
    if (!crop) buildCropDialog();
    crop.block = block;
    crop.opener = opener;
    crop.state = null;
    crop.stage.style.width = "0";
    crop.stage.style.height = "0";
    crop.box.hidden = true;
    crop.apply.disabled = true;
    showStatus(crop.status, "正在载入原图…", "busy");
    crop.image.src = "/media/originals/" + encodeURIComponent(field(block, "block_media").value);
    if (typeof crop.dialog.showModal === "function") crop.dialog.showModal();
    else crop.dialog.setAttribute("open", "");
  }
  function closeCrop() {
    if (typeof crop.dialog.close === "function" && crop.dialog.open) crop.dialog.close();
    else crop.dialog.removeAttribute("open");
    crop.image.removeAttribute("src");
    if (crop.opener && document.contains(crop.opener)) crop.opener.focus();
  }
  function applyCrop() {
    var s = crop.state;
    var block = crop.block;
    if (!s) return;
    var x = (s.left + s.boxWidth / 2) / s.width;
    var y = (s.top + s.boxHeight / 2) / s.height;
    crop.apply.disabled = true;
    showStatus(crop.status, "处理中…", "busy");
    var media = field(block, "block_media").value;
    send("POST", "/api/v1/media/" + encodeURIComponent(media) + "/crop", JSON.stringify({ x: x, y: y }), function (data) {
      setMedia(block, data);
      block.setAttribute("data-crop-x", String(x));
      block.setAttribute("data-crop-y", String(y));
      structureChanged();
      closeCrop();
      announce("裁剪已应用");
    }, function (error) {
      crop.apply.disabled = false;
      showStatus(crop.status, error.message, "error");
    });
  }

  // ---- Autosave ---------------------------------------------------------------------------
  var dirty = false;
  var timer = null;
  var stopped = false;
  var submitting = false;
  // data-autosave on the form: pending | blank | saving | saved | failed | stopped (for tests and
  // styles); blank: a new article with nothing in it yet, so nothing was stored.
  function setSaveState(state) { form.setAttribute("data-autosave", state); }
  function changed() {
    dirty = true;
    if (!stopped) setSaveState("pending");
    recount();
    saveSoon(5000);
  }
  function structureChanged() {
    refreshTools();
    changed();
  }
  function schedule(delay) {
    if (stopped || submitting || timer !== null) return;
    timer = window.setTimeout(function () { timer = null; autosave(false); }, delay);
  }
  function saveSoon(delay) {
    if (delay === 0 && timer !== null) { window.clearTimeout(timer); timer = null; }
    schedule(delay);
  }
  function savedAt(iso) {
    var when = iso ? new Date(iso) : new Date();
    try {
      return when.toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
    } catch (ignored) {
      return when.toTimeString().slice(0, 5);
    }
  }
  // The draft now exists: every later save, button and upload goes to it, and the address
  // becomes the draft's own, so a refresh or the back button finds it.
  function adopt(id) {
    articleId = String(id);
    var edit = "/articles/" + encodeURIComponent(articleId) + "/edit";
    form.setAttribute("data-article-id", articleId);
    form.setAttribute("action", edit);
    var campaignField = form.querySelector("input[type=hidden][name=campaign_id]");
    if (campaignField) campaignField.remove();
    ["image-upload", "docx-upload"].forEach(function (name) {
      var upload = document.getElementById(name);
      if (upload) upload.setAttribute("action", upload.getAttribute("action").replace(/^\/articles\/[^/]*\//, "/articles/" + encodeURIComponent(articleId) + "/"));
    });
    var tag = document.getElementById("status-tag");
    if (tag) tag.textContent = "草稿";
    if (window.history && window.history.replaceState) window.history.replaceState(null, "", edit);
  }
  function isBlank(content) { return trimSpace(content.title) === "" && content.blocks.length === 0; }
  function saved(data) {
    if (!articleId && data && data.id) adopt(data.id);
    if (data && typeof data.version === "number") versionInput.value = String(data.version);
    if (!dirty) setSaveState("saved");
    showStatus(statusEl, "已自动保存 " + savedAt(data && data.updated_at), "ok");
  }
  function refused(error) {
    dirty = true;
    setSaveState(error.status === 409 ? "stopped" : "failed");
    if (error.status === 409) {
      stopped = true;
      showStatus(statusEl, error.code === "conflict" ? CONFLICT : "自动保存已停止：" + error.message, "error");
      return;
    }
    showStatus(statusEl, "保存失败：" + error.message, "error");
    // A refused text stays refused until it changes; a network failure is tried again later.
    if (error.status === 0 || error.status >= 500) saveSoon(15000);
  }
  function autosave(leaving) {
    if (stopped || submitting || !dirty) return;
    if (busy > 0) { deferred = true; return; } // settled() calls back
    var content = contentFromForm();
    dirty = false;
    // Nothing typed yet on a new article: nothing to store (no empty drafts).
    if (!articleId && isBlank(content)) { setSaveState("blank"); return; }
    setSaveState("saving");
    var method = articleId ? "PUT" : "POST";
    var url = articleId ? "/api/v1/articles/" + encodeURIComponent(articleId) : "/api/v1/articles";
    var body = JSON.stringify(articleId
      ? { content: content, version: parseInt(versionInput.value, 10) || 0 }
      : { campaign_id: campaignId, content: content });
    if (leaving && window.fetch) {
      // keepalive lets the save finish even if the page is going away.
      busy += 1;
      window.fetch(url, {
        method: method, body: body, keepalive: true, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if (!response.ok) throw failure(response.status, data);
          return data;
        });
      }, function () { throw failure(0, null); })
        .then(saved, refused).then(settled, settled);
      return;
    }
    showStatus(statusEl, "正在保存…", "busy");
    send(method, url, body, saved, refused);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer !== null) {
      window.clearTimeout(timer);
      timer = null;
      autosave(true);
    }
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (stopped && dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });

  // The normal buttons post the form; wait for a running save so the version sent is current.
  var lastSubmitter = null;
  form.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[type=submit]");
    if (button) lastSubmitter = button;
  });
  form.addEventListener("submit", function (event) {
    if (submitting) return;
    if (timer !== null) { window.clearTimeout(timer); timer = null; }
    if (busy === 0) { submitting = true; return; }
    event.preventDefault();
    var submitter = event.submitter || lastSubmitter;
    showStatus(statusEl, "正在等待保存完成…", "busy");
    whenIdle(function () {
      submitting = true;
      if (typeof form.requestSubmit === "function") form.requestSubmit(submitter || undefined);
      else if (submitter) submitter.click();
      else form.submit();
    });
  });

  // Uploads go to the media store, not to the article, so a new article takes photos and Word
  // files at once; without this script they wait for the first save.
  if (!articleId) {
    var uploads = document.getElementById("uploads");
    var afterSave = document.getElementById("uploads-after-save");
    if (uploads) uploads.hidden = false;
    if (afterSave) afterSave.hidden = true;
  }
  allBlocks().forEach(enhance);
  refreshTools();
  recount();
})();

/* 长辈模式 (age-friendly mode, as the 适老化 guidance asks of public sites): a header
   toggle that enlarges text and raises contrast, remembered on this device; reading an
   article aloud with the browser's speech synthesis where there is a Chinese voice;
   and the share box's print button. */
(function () {
  "use strict";
  var KEY = "sc-elder";
  var html = document.documentElement;

  function setElder(on) {
    if (on) html.setAttribute("data-sc-elder", ""); else html.removeAttribute("data-sc-elder");
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
    document.querySelectorAll("[data-sc-elder-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.title = on ? "退出长辈模式" : "长辈模式：大字、高对比、可朗读";
    });
  }

  function setupToggle() {
    setElder(html.hasAttribute("data-sc-elder"));
    document.querySelectorAll("[data-sc-elder-toggle]").forEach(function (button) {
      button.addEventListener("click", function () { setElder(!html.hasAttribute("data-sc-elder")); });
    });
  }

  /* Reading aloud: the heading, summary and body of the article, in chunks of a few
     sentences (some engines stop after about fifteen seconds of one utterance). */
  function chineseVoice() {
    var voices = window.speechSynthesis.getVoices();
    return voices.filter(function (v) { return /^zh(-|_|$)/i.test(v.lang) && /CN|Hans|^zh$/i.test(v.lang); })[0]
      || voices.filter(function (v) { return /^zh/i.test(v.lang); })[0] || null;
  }

  function articleText() {
    var article = document.querySelector("article.sc-record");
    if (!article) return "";
    var parts = article.querySelectorAll(".sc-record__header h1, .sc-record__header .sc-summary, .sc-body p, .sc-body li, .sc-body h2, .sc-body h3");
    return Array.prototype.map.call(parts, function (node) { return node.textContent.trim(); }).join("。\n");
  }

  function chunks(text) {
    var sentences = text.split(/(?<=[。！？；\n])/);
    var out = [], current = "";
    sentences.forEach(function (s) {
      if ((current + s).length > 120 && current) { out.push(current); current = ""; }
      current += s;
    });
    if (current.trim()) out.push(current);
    return out;
  }

  function setupReadAloud() {
    var button = document.querySelector("[data-sc-read]");
    if (!button || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
    var synth = window.speechSynthesis;
    var label = button.querySelector("[data-sc-read-label]");
    function show() { if (chineseVoice()) button.hidden = false; }
    show();
    if (button.hidden && "onvoiceschanged" in synth) synth.addEventListener("voiceschanged", show);
    function stop() {
      synth.cancel();
      button.setAttribute("aria-pressed", "false");
      label.textContent = "朗读全文";
    }
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
      var voice = chineseVoice();
      var queue = chunks(articleText());
      button.setAttribute("aria-pressed", "true");
      label.textContent = "停止朗读";
      queue.forEach(function (text, i) {
        var u = new SpeechSynthesisUtterance(text);
        u.lang = voice ? voice.lang : "zh-CN";
        if (voice) u.voice = voice;
        u.rate = 0.9;
        if (i === queue.length - 1) u.onend = stop;
        synth.speak(u);
      });
    });
    window.addEventListener("pagehide", stop);
  }

  function setupPrint() {
    document.querySelectorAll("[data-sc-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() { setupToggle(); setupReadAloud(); setupPrint(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

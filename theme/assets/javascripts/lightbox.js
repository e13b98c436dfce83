/* A small lightbox for programme galleries: no library, nothing from another host.
   Each gallery link opens a modal <dialog> with the large photo, its caption and credit.
   Keyboard: Enter opens, ← → move, Esc closes; focus returns to the photo opened. */
(function () {
  "use strict";
  function setup(gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a.sc-gallery__link"));
    if (!links.length) return;
    var dialog = document.createElement("dialog");
    dialog.className = "sc-lightbox";
    dialog.setAttribute("aria-label", "照片");
    dialog.innerHTML =
      '<figure class="sc-lightbox__figure"><img class="sc-lightbox__image" alt="">' +
      '<figcaption class="sc-lightbox__caption"></figcaption></figure>' +
      '<p class="sc-lightbox__count" aria-live="polite"></p>' +
      '<button type="button" class="sc-lightbox__prev" aria-label="上一张">‹</button>' +
      '<button type="button" class="sc-lightbox__next" aria-label="下一张">›</button>' +
      '<button type="button" class="sc-lightbox__close" aria-label="关闭">×</button>';
    if (links.length < 2) dialog.classList.add("sc-lightbox--single");
    document.body.appendChild(dialog);
    var image = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var count = dialog.querySelector(".sc-lightbox__count");
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      image.src = link.getAttribute("href");
      image.alt = thumb ? thumb.alt : "";
      var text = link.dataset.caption || "";
      caption.textContent = text;
      if (link.dataset.credit) {
        var credit = document.createElement("span");
        credit.className = "sc-credit";
        credit.textContent = " 摄影/来源：" + link.dataset.credit;
        caption.appendChild(credit);
      }
      count.textContent = (current + 1) + " / " + links.length;
    }
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        dialog.querySelector(".sc-lightbox__close").focus();
      });
    });
    dialog.querySelector(".sc-lightbox__prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".sc-lightbox__next").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector(".sc-lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () {
      image.removeAttribute("src");
      if (opener) opener.focus();
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sc-gallery]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

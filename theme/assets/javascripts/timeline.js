/* Instant filtering of the achievements timeline. Without JavaScript the same links
   open generated pages narrowed to one organization or category. */
(function () {
  "use strict";
  function setup(root) {
    var links = root.querySelectorAll("a[data-filter-key]");
    var status = root.querySelector("[data-sc-timeline-status]");
    function apply(key, value, label) {
      var shown = 0;
      root.querySelectorAll("li[data-org]").forEach(function (item) {
        var match = !key || (key === "org" ? item.dataset.org === value
          : (" " + item.dataset.category + " ").indexOf(" " + value + " ") !== -1);
        item.hidden = !match;
        if (match) shown += 1;
      });
      root.querySelectorAll("[data-year]").forEach(function (year) {
        year.hidden = !year.querySelector("li[data-org]:not([hidden])");
      });
      links.forEach(function (link) {
        var current = link.dataset.filterKey === key && link.dataset.filterValue === value;
        if (current) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
        link.classList.toggle("sc-current", current && !!key);
      });
      status.textContent = key ? label + "：" + shown + " 项成果" : "";
    }
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var key = link.dataset.filterKey;
        var label = link.firstChild ? link.firstChild.textContent : "";
        apply(key, link.dataset.filterValue, label);
        history.replaceState(null, "", key ? "#" + key + "=" + encodeURIComponent(link.dataset.filterValue) : location.pathname);
      });
    });
    var match = /^#(org|category)=(.+)$/.exec(location.hash);
    if (match) {
      var value = decodeURIComponent(match[2]);
      var link = root.querySelector('a[data-filter-key="' + match[1] + '"][data-filter-value="' + value + '"]');
      if (link) link.click();
    }
  }
  document.querySelectorAll("[data-sc-timeline]").forEach(setup);
})();

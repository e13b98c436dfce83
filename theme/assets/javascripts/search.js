/* Search with Pagefind: the header box (results as you type) and the search page
   (facet filters with counts). Pagefind is loaded only when someone starts to search,
   from this site, and fetches only the index chunks a query needs. */
(function () {
  "use strict";

  var loading = null;
  var HEADER_RESULTS = 5;
  /* Pagefind ranks by term frequency, so a long page that says 青年 often can outrank the
     programme called 青年之家. Among the first results, those whose name (in either
     script) contains the whole query move to the front, programmes and organizations
     first; Pagefind's order is kept otherwise. */
  var RERANK = 12;
  var NAMED_TYPES = ["品牌项目", "机构"];

  function compact(text) {
    return (text || "").replace(/\s+/g, "").toLowerCase();
  }

  function ranked(search, query, count) {
    var head = search.results.slice(0, Math.max(count, RERANK));
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (items) {
      var wanted = compact(simplify(query));
      function score(d) {
        if (!wanted || compact(d.meta.names || d.meta.title).indexOf(wanted) === -1) return 0;
        return NAMED_TYPES.indexOf(d.meta.type) !== -1 ? 2 : 1;
      }
      return items
        .map(function (d, i) { return { d: d, i: i, s: score(d) }; })
        .sort(function (a, b) { return b.s - a.s || a.i - b.i; })
        .slice(0, count)
        .map(function (x) { return x.d; });
    });
  }

  function siteRoot(element) {
    var root = element.getAttribute("data-root") || ".";
    return new URL(root.replace(/\/?$/, "/"), location.href);
  }

  /* Queries are searched in simplified script: a page written in traditional script
     carries a simplified copy of its text, so 關愛 and 关爱 find the same pages. The
     table (traditional, simplified, …) is fetched with Pagefind, on the first search. */
  var simplify = function (query) { return query; };

  function loadTable(element) {
    var url = element.getAttribute("data-simplified");
    if (!url) return Promise.resolve();
    return fetch(new URL(url, location.href).href)
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (text) {
        var chars = Array.from(text);
        var table = {};
        for (var i = 0; i + 1 < chars.length; i += 2) table[chars[i]] = chars[i + 1];
        simplify = function (query) {
          return Array.from(query || "").map(function (c) { return table[c] || c; }).join("");
        };
      })
      .catch(function () {});
  }

  function pagefind(element) {
    if (!loading) {
      var url = new URL(element.getAttribute("data-pagefind"), location.href).href;
      var base = siteRoot(element).pathname;
      loading = Promise.all([import(url), loadTable(element)]).then(function (loaded) {
        var pf = loaded[0];
        var options = function () { return { baseUrl: base, excerptLength: 40, ranking: { pageLength: 0.1 } }; };
        /* A large site's index comes in parts (data-pagefind-parts): each is merged into
           the first, and a query searches them all. */
        var parts = (element.getAttribute("data-pagefind-parts") || "").split(" ").filter(Boolean);
        return Promise.resolve(pf.options(options())).then(function () {
          return Promise.all(parts.map(function (part) {
            return pf.mergeIndex(new URL(part, location.href).pathname, options());
          }));
        }).then(function () { return pf; });
      });
    }
    return loading;
  }

  /* Pagefind joins a heading to the text after it with ". "; between Chinese words
     that reads as a stray Latin full stop, so it becomes "。". */
  var JOINED = /([\u3400-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d>])\.\s*(?=[\u3400-\u9fff\u201c\u300a\uff08<]|$)/g;

  /* Pagefind's excerpt marks matches with <mark>; keep those and nothing else. */
  function excerptNode(html) {
    html = html.replace(JOINED, "$1。").replace(/。。/g, "。");
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var out = document.createElement("span");
    out.className = "sc-hit__excerpt";
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function hit(data, root) {
    var link = document.createElement("a");
    link.className = "sc-hit";
    link.href = data.url;
    if (data.meta.image) {
      /* relative to the result's own page: our cover meta and the photo Pagefind
         picks from a body (when a page has no cover) are both written so */
      var img = document.createElement("img");
      img.src = new URL(data.meta.image, new URL(data.url, root)).href;
      img.alt = "";
      img.width = 64;
      img.height = 48;
      img.loading = "lazy";
      img.className = "sc-hit__image";
      link.appendChild(img);
    }
    var text = document.createElement("span");
    text.className = "sc-hit__text";
    var type = document.createElement("span");
    type.className = "sc-hit__type";
    type.textContent = data.meta.type || "";
    var title = document.createElement("span");
    title.className = "sc-hit__title";
    title.textContent = data.meta.title || data.url;
    text.appendChild(type);
    text.appendChild(title);
    text.appendChild(excerptNode(data.excerpt || ""));
    link.appendChild(text);
    return link;
  }

  /* The header box. */
  function setupBox(form) {
    var input = form.querySelector("input");
    var panel = form.querySelector(".sc-search__results");
    var root = siteRoot(form);
    var latest = 0;

    function close() {
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) { close(); return; }
      pagefind(form).then(function (pf) {
        return pf.debouncedSearch(simplify(query), {}, 200);
      }).then(function (search) {
        if (!search || ticket !== latest) return null;
        return ranked(search, query, HEADER_RESULTS)
          .then(function (items) { return { total: search.results.length, items: items }; });
      }).then(function (found) {
        if (!found || ticket !== latest) return;
        panel.textContent = "";
        var status = document.createElement("p");
        status.className = "sc-search__status";
        status.textContent = found.total ? "找到 " + found.total + " 条结果" : "没有找到与“" + query + "”相关的内容";
        panel.appendChild(status);
        var list = document.createElement("ol");
        found.items.forEach(function (data) {
          var li = document.createElement("li");
          li.appendChild(hit(data, root));
          list.appendChild(li);
        });
        panel.appendChild(list);
        if (found.total > found.items.length) {
          var more = document.createElement("a");
          more.className = "sc-search__more";
          more.href = form.action + "?q=" + encodeURIComponent(query);
          more.textContent = "查看全部 " + found.total + " 条结果，并按类别、地区筛选";
          panel.appendChild(more);
        }
        panel.hidden = false;
        input.setAttribute("aria-expanded", "true");
      });
    }

    input.addEventListener("focus", function () { pagefind(form); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; close(); }
      if (event.key === "ArrowDown") {
        var first = panel.querySelector("a");
        if (first) { first.focus(); event.preventDefault(); }
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/" || event.key === "s" || event.key === "S") {
        event.preventDefault();
        input.focus();
      }
    });
  }

  /* The search page: a query, facet filters with counts, and all results. */
  function setupPage(page) {
    var form = page.querySelector("[data-sc-search-page-form]");
    var input = form.querySelector("input");
    var status = page.querySelector("[data-sc-status]");
    var results = page.querySelector("[data-sc-results]");
    var root = siteRoot(page);
    var params = new URLSearchParams(location.search);
    var selected = {};
    page.querySelectorAll("[data-filter]").forEach(function (set) {
      var key = set.getAttribute("data-filter");
      selected[key] = params.getAll(key);
    });
    input.value = params.get("q") || "";

    function chosen() {
      var filters = {};
      Object.keys(selected).forEach(function (key) {
        if (selected[key].length) filters[key] = { any: selected[key] };
      });
      return filters;
    }

    function reveal() {
      /* shown together with the results, never before: nothing on screen moves */
      page.querySelector("[data-sc-filters]").classList.remove("sc-pending");
    }

    function drawFilters(all, remaining) {
      page.querySelectorAll("[data-filter]").forEach(function (set) {
        var key = set.getAttribute("data-filter");
        /* a value with no result left is not offered (unless it is ticked: it can be undone) */
        function count(value) {
          return remaining && remaining[key] ? remaining[key][value] || 0 : all[key][value] || 0;
        }
        var values = Object.keys(all[key] || {}).sort(function (a, b) { return a.localeCompare(b, "zh-Hans-CN-u-co-pinyin"); })
          .filter(function (value) { return count(value) > 0 || selected[key].indexOf(value) !== -1; });
        var list = set.querySelector("ul");
        list.textContent = "";
        set.hidden = values.length === 0;
        values.forEach(function (value) {
          var li = document.createElement("li");
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.value = value;
          box.checked = selected[key].indexOf(value) !== -1;
          box.addEventListener("change", function () {
            selected[key] = box.checked
              ? selected[key].concat([value])
              : selected[key].filter(function (v) { return v !== value; });
            run();
          });
          var name = document.createElement("span");
          name.textContent = value;
          var number = document.createElement("span");
          number.className = "sc-count";
          number.setAttribute("data-count", "");
          number.textContent = count(value);
          label.appendChild(box);
          label.appendChild(name);
          label.appendChild(number);
          li.appendChild(label);
          list.appendChild(li);
        });
      });
    }

    function remember(query) {
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      Object.keys(selected).forEach(function (key) {
        selected[key].forEach(function (value) { next.append(key, value); });
      });
      var text = next.toString();
      history.replaceState(null, "", text ? "?" + text : location.pathname);
    }

    function run() {
      var query = input.value.trim();
      var filters = chosen();
      remember(query);
      status.textContent = "正在搜索……";
      pagefind(page).then(function (pf) {
        /* filters() first: it loads every filter's index, and a search only counts
           the values of filters already loaded. */
        return pf.filters().then(function (all) {
          var wanted = query || Object.keys(filters).length;
          return Promise.all([all, wanted ? pf.search(simplify(query) || null, { filters: filters }) : null]);
        });
      }).then(function (found) {
        var all = found[0];
        var search = found[1];
        drawFilters(all, search ? search.filters : null);
        results.textContent = "";
        if (!search) { status.textContent = "输入关键词，或勾选左侧条件筛选。"; reveal(); return; }
        status.textContent = search.results.length ? "共 " + search.results.length + " 条结果" : "没有找到符合条件的内容";
        return ranked(search, query, 50).then(function (items) {
          items.forEach(function (data) {
            var li = document.createElement("li");
            li.appendChild(hit(data, root));
            results.appendChild(li);
          });
          reveal();
        });
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", function () {
      clearTimeout(input._timer);
      input._timer = setTimeout(run, 250);
    });
    run();
  }

  function init() {
    document.querySelectorAll("[data-sc-search]").forEach(setupBox);
    document.querySelectorAll("[data-sc-search-page]").forEach(setupPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

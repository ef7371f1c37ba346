/* The digest's search, on every page: the header's box shows results in a panel under the header
   as the reader types, and the search page (search/?q=…, what Enter opens) lists them too; both
   views share the engines and the rendering below.
   Online it asks Pagefind (pagefind/pagefind.js beside each language site's root), which fetches
   only the index chunks a query needs; it is loaded and started when the pointer reaches the box
   or the box gets focus, and hears each term as it is typed. On file:// browsers block fetch(),
   so it loads search/digest-index.js (the newest articles' text, written by
   build/digest/search.py), also on focus, and indexes it with the stemmers lunr ships (Snowball
   Russian for Cyrillic words, Porter for the rest, ё read as е), the same ones it applies to the
   query. Results show title, date and a highlighted snippet; with no hits it asks the other
   language's site and offers its results. */
(function () {
  "use strict";
  var box = document.querySelector(".digest-search-box");
  if (!box) return;

  var TEXT = {
    ru: {
      searching: "Ищем…",
      none: "Ничего не найдено.",
      count: function (n) { return "Найдено: " + n; },
      other: function (n) { return "На английском сайте найдено: " + n + " — показать"; },
      all: "Все результаты →",
      capped: function (n, total) { return "Офлайн-поиск охватывает " + n + " последних статей из " + total + "."; },
      failed: "Поиск не загрузился: "
    },
    en: {
      searching: "Searching…",
      none: "Nothing found.",
      count: function (n) { return n === 1 ? "1 result" : n + " results"; },
      other: function (n) { return n + (n === 1 ? " result" : " results") + " on the Russian site — show"; },
      all: "All results →",
      capped: function (n, total) { return "Offline search covers the " + n + " most recent of " + total + " articles."; },
      failed: "Search could not load: "
    }
  };
  var DELAY = 150;  // ms after the last keystroke before results are shown
  var lang = box.dataset.lang;
  var text = TEXT[lang] || TEXT.en;
  var sites = {};
  sites[lang] = new URL(box.dataset.root, location.href);
  sites[box.dataset.otherLang] = new URL(box.dataset.otherRoot, location.href);
  var offline = location.protocol === "file:";
  var engines = {};

  // An engine: {note, prepare(query, now), search(query, shown) -> {total, hits: [{url, title, date, excerpt}]}};
  // prepare() is told each term as it is typed, now() gives the term in the box by the time it is ready.
  function engine(language) {
    if (!engines[language]) engines[language] = offline ? offlineEngine(language) : pagefindEngine(sites[language]);
    return engines[language];
  }

  function searchPage(query, language) {
    return new URL(box.dataset.page + "?q=" + encodeURIComponent(query), sites[language || lang]).href;
  }

  // --- Online: Pagefind -------------------------------------------------------------------------

  function pagefindEngine(root) {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname, excerptLength: 30 }).then(function () {
        pagefind.init();  // starts its worker, which fetches the index's metadata and WebAssembly now
        var last = {}, running = 0;
        function find(query) {  // the last search is kept, so that one begun while typing is not run twice
          if (last.query !== query) {
            var found = pagefind.search(query), done = function () { running--; };
            running++;
            found.then(done, done);
            last = { query: query, found: found };
          }
          return last.found;
        }
        return {
          note: "",
          // While the reader types, Pagefind fetches the index chunks of each term; once they are in
          // and it is idle, it searches for the term then in the box, so that the search the pause
          // asks for is often done by then. Results are shown (and their fragments fetched) after it.
          prepare: function (query, now) {
            pagefind.preload(query).then(function () {
              if (!running && now()) return find(now());
            }).catch(function () {});
          },
          search: function (query, shown) {
            return find(query).then(function (found) {
              var results = found ? found.results : [];
              return Promise.all(results.slice(0, shown).map(function (r) { return r.data(); })).then(function (data) {
                return {
                  total: results.length,
                  hits: data.map(function (d) {
                    return { url: d.url, title: d.meta.title || d.url, date: d.meta.date || "", excerpt: d.excerpt };
                  })
                };
              });
            });
          }
        };
      });
    });
  }

  // --- Offline: the prebuilt index --------------------------------------------------------------

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  var stemmersLoaded;
  function loadStemmers() {
    var files = ["assets/javascripts/vendor/lunr.min.js", "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                 "assets/javascripts/lunr/min/lunr.ru.min.js"];
    stemmersLoaded = stemmersLoaded || files.reduce(function (ready, file) {
      return ready.then(function () { return loadScript(new URL(file, sites[lang]).href); });
    }, Promise.resolve());
    return stemmersLoaded;
  }

  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  function fold(value) { return value.toLowerCase().replace(/ё/g, "е"); }
  function words(value) { return fold(value).match(WORD) || []; }

  var stems = {};
  function stem(word) {
    if (!(word in stems)) {
      var stemmer = /[а-я]/.test(word) ? window.lunr.ru.stemmer : window.lunr.stemmer;
      stems[word] = stemmer(new window.lunr.Token(word)).toString();
    }
    return stems[word];
  }

  function escapeHtml(value) {
    return value.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // About 30 words around the first word of the text whose stem is queried, those words marked.
  function excerpt(body, wanted) {
    var pattern = new RegExp(WORD.source, "gu"), tokens = [], match, first = -1;
    while ((match = pattern.exec(body)) !== null) {
      var hit = wanted.has(stem(fold(match[0])));
      tokens.push({ start: match.index, end: pattern.lastIndex, hit: hit });
      if (hit && first < 0) first = tokens.length - 1;
      if (first >= 0 && tokens.length > first + 20) break;
    }
    var from = Math.max(0, first - 10), to = Math.min(tokens.length, from + 30);
    if (!tokens.length) return "";
    var out = from > 0 ? "… " : "", at = tokens[from].start;
    for (var i = from; i < to; i++) {
      var t = tokens[i];
      out += escapeHtml(body.slice(at, t.start));
      var word = escapeHtml(body.slice(t.start, t.end));
      out += t.hit ? "<mark>" + word + "</mark>" : word;
      at = t.end;
    }
    return out + (to < tokens.length || tokens[to - 1].end < body.length ? " …" : "");
  }

  // Postings per stem: Map(stem -> Map(document -> weight)), title words weighing TITLE_WEIGHT.
  var TITLE_WEIGHT = 5;
  function postings(docs) {
    var terms = new Map();
    docs.forEach(function (doc, number) {
      [[doc[3], 1], [doc[4], 1], [doc[1], TITLE_WEIGHT]].forEach(function (part) {
        words(part[0]).forEach(function (word) {
          var term = stem(word), perDoc = terms.get(term);
          if (!perDoc) terms.set(term, perDoc = new Map());
          perDoc.set(number, (perDoc.get(number) || 0) + part[1]);
        });
      });
    });
    return terms;
  }

  function offlineEngine(language) {
    var root = sites[language];
    return Promise.all([loadStemmers(), loadScript(new URL("search/digest-index.js", root).href)]).then(function () {
      var index = window.digestSearchIndex[language], terms = postings(index.docs), size = index.docs.length;
      return {
        note: index.total > size ? text.capped(size, index.total) : "",
        prepare: function () {},
        search: function (query, shown) {
          var wanted = new Set(words(query).map(stem)), scores = null;
          wanted.forEach(function (term) {  // every word of the query must occur; rarer words weigh more
            var perDoc = terms.get(term) || new Map(), idf = Math.log(1 + size / Math.max(perDoc.size, 1)), next = new Map();
            perDoc.forEach(function (count, number) {
              if (scores === null || scores.has(number)) next.set(number, (scores ? scores.get(number) : 0) + idf * Math.log(1 + count));
            });
            scores = next;
          });
          var ranked = Array.from(scores || []).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          return Promise.resolve({
            total: ranked.length,
            hits: ranked.slice(0, shown).map(function (entry) {
              var doc = index.docs[entry[0]];
              return { url: new URL(doc[0], root).href, title: doc[1], date: doc[2], excerpt: excerpt(doc[3], wanted) };
            })
          });
        }
      };
    });
  }

  // --- Results: one rendering for the header's panel and the search page ------------------------

  // A view is an element with a status line and a results list; `shown` results at most.
  function view(root, shown) {
    var all = root.querySelector(".digest-search__all");  // the panel's link to the search page
    if (all) all.textContent = text.all;
    return {
      root: root, shown: shown, latest: 0, all: all,
      status: root.querySelector(".digest-search__status"),
      list: root.querySelector(".digest-search__results")
    };
  }

  function formatDate(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return "";
    var date = new Date(iso + "T00:00:00Z");
    return new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  function show(v, hits) {
    v.list.textContent = "";
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.className = "digest-search__hit";
      var link = document.createElement("a");
      link.href = hit.url;
      link.className = "digest-search__title";
      link.textContent = hit.title;
      item.appendChild(link);
      if (hit.date) {
        var date = document.createElement("time");
        date.className = "digest-search__date";
        date.dateTime = hit.date;
        date.textContent = formatDate(hit.date);
        item.appendChild(date);
      }
      var snippet = document.createElement("p");
      snippet.className = "digest-search__excerpt";
      snippet.innerHTML = hit.excerpt;  // escaped text with <mark>, from Pagefind or excerpt()
      item.appendChild(snippet);
      v.list.appendChild(item);
    });
  }

  function offerOtherSite(v, query, generation) {
    var other = box.dataset.otherLang;
    return engine(other).then(function (e) { return e.search(query, 0); }).then(function (found) {
      if (generation !== v.latest || !found.total) return;
      var link = document.createElement("a");
      link.href = searchPage(query, other);
      link.hreflang = other;
      link.target = "_self";  // Material reroutes plain links into the other language to the same path there, dropping ?q=
      link.className = "digest-search__other";
      link.textContent = text.other(found.total);
      v.status.append(" ", link);
    }).catch(function () { /* the other site's search is a suggestion only */ });
  }

  // Search and show; data-state is "searching" until the results (and any suggestion) are in,
  // data-shown the query whose results are on screen.
  function run(v, query) {
    var generation = ++v.latest;
    query = query.trim();
    v.root.dataset.state = "searching";
    if (!query) {
      v.status.textContent = v.list.textContent = "";
      if (v.all) v.all.hidden = true;
      v.root.dataset.state = "idle";
      return Promise.resolve();
    }
    if (!v.list.firstChild) v.status.textContent = text.searching;  // the previous results stay until the new ones are in
    return engine(lang).then(function (e) {
      return e.search(query, v.shown).then(function (found) {
        if (generation !== v.latest) return;
        show(v, found.hits);
        v.root.dataset.shown = query;
        v.status.textContent = (found.total ? text.count(found.total) : text.none) + (e.note ? " " + e.note : "");
        if (v.all) {
          v.all.href = searchPage(query);
          v.all.hidden = !found.total;
        }
        return found.total ? null : offerOtherSite(v, query, generation);
      });
    }).catch(function (error) {
      if (generation === v.latest) v.status.textContent = text.failed + error.message;
    }).then(function () {
      if (generation === v.latest) v.root.dataset.state = "done";
    });
  }

  // Typing: the engine hears each term at once (see prepare()); the search is shown DELAY ms after
  // the last keystroke.
  function typed(v, input, then) {
    var timer;
    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      v.latest++;  // a search still running for an earlier term is not shown
      v.root.dataset.state = "searching";
      if (query) engine(lang).then(function (e) { e.prepare(query, function () { return input.value.trim(); }); }, function () {});
      timer = setTimeout(function () { then(input.value); }, DELAY);
    });
  }

  // --- The header's box: results in place -------------------------------------------------------

  var input = box.querySelector("input");
  var panel = view(box.querySelector("[data-digest-search=panel]"), 8);

  function warm() { engine(lang).catch(function () {}); }
  function open(isOpen) {
    panel.root.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
  }

  typed(panel, input, function (query) {
    open(Boolean(query.trim()));
    return run(panel, query);
  });
  input.addEventListener("focus", function () {
    warm();
    if (input.value.trim() && panel.root.dataset.shown) open(true);
  });
  box.addEventListener("pointerenter", warm);
  box.addEventListener("keydown", function (event) {
    if (panel.root.hidden) return;
    if (event.key === "Escape") {
      event.preventDefault();  // a search field would also clear itself
      input.focus();  // before closing: focusing the box reopens an open panel's results
      open(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var links = Array.prototype.filter.call(panel.root.querySelectorAll("a"), function (a) { return !a.hidden; });
      var at = links.indexOf(document.activeElement) + (event.key === "ArrowDown" ? 1 : -1);
      if (!links.length) return;
      event.preventDefault();
      (at < 0 ? input : links[Math.min(at, links.length - 1)]).focus();
    }
  });
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) open(false);
  });
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) open(false);
  });

  // --- The search page ---------------------------------------------------------------------------

  var pageRoot = document.querySelector("[data-digest-search=page]");
  if (!pageRoot) return;
  var page = view(pageRoot, 10);
  var pageInput = pageRoot.querySelector("input");

  function submit() {
    var url = new URL(location.href);
    url.searchParams.set("q", pageInput.value);
    history.replaceState(null, "", url.href);
    return run(page, pageInput.value);
  }
  typed(page, pageInput, submit);
  pageRoot.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); submit(); });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { pageInput.value = initial; run(page, initial); } else { pageRoot.dataset.state = "idle"; }
  pageInput.focus();
})();

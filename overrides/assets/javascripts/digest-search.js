/* The digest's search page. Online it asks Pagefind (pagefind/pagefind.js beside each language
   site's root), which fetches only the index chunks a query needs. On file:// browsers block
   fetch(), so it loads search/digest-index.js (the newest articles' text, written by
   build/digest/search.py) and indexes it on the first search with the stemmers lunr ships
   (Snowball Russian for Cyrillic words, Porter for the rest, ё read as е), the same ones it
   applies to the query. Both paths show title, date and a highlighted snippet; with no hits it
   asks the other language's site and offers its results. */
(function () {
  "use strict";
  var box = document.querySelector("[data-digest-search]");
  if (!box) return;

  var TEXT = {
    ru: {
      searching: "Ищем…",
      none: "Ничего не найдено.",
      count: function (n) { return "Найдено: " + n; },
      other: function (n) { return "На английском сайте найдено: " + n + " — показать"; },
      capped: function (n, total) { return "Офлайн-поиск охватывает " + n + " последних статей из " + total + "."; },
      failed: "Поиск не загрузился: "
    },
    en: {
      searching: "Searching…",
      none: "Nothing found.",
      count: function (n) { return n === 1 ? "1 result" : n + " results"; },
      other: function (n) { return n + (n === 1 ? " result" : " results") + " on the Russian site — show"; },
      capped: function (n, total) { return "Offline search covers the " + n + " most recent of " + total + " articles."; },
      failed: "Search could not load: "
    }
  };
  var SHOWN = 10;
  var lang = box.dataset.lang;
  var text = TEXT[lang] || TEXT.en;
  var sites = {};
  sites[lang] = new URL(box.dataset.root, location.href);
  sites[box.dataset.otherLang] = new URL(box.dataset.otherRoot, location.href);
  var offline = location.protocol === "file:";
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var status = box.querySelector(".digest-search__status");
  var list = box.querySelector(".digest-search__results");
  var engines = {};

  function engine(language) {
    if (!engines[language]) engines[language] = offline ? offlineEngine(language) : pagefindEngine(sites[language]);
    return engines[language];
  }

  // --- Online: Pagefind -------------------------------------------------------------------------

  function pagefindEngine(root) {
    return import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname, excerptLength: 30 }).then(function () {
        return {
          note: "",
          search: function (query) {
            return pagefind.search(query).then(function (found) {
              var results = found ? found.results : [];
              return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (data) {
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
        search: function (query) {
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
            hits: ranked.slice(0, SHOWN).map(function (entry) {
              var doc = index.docs[entry[0]];
              return { url: new URL(doc[0], root).href, title: doc[1], date: doc[2], excerpt: excerpt(doc[3], wanted) };
            })
          });
        }
      };
    });
  }

  // --- The page ---------------------------------------------------------------------------------

  function formatDate(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return "";
    var date = new Date(iso + "T00:00:00Z");
    return new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date);
  }

  function show(hits) {
    list.textContent = "";
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
      list.appendChild(item);
    });
  }

  function offerOtherSite(query, generation) {
    var other = box.dataset.otherLang;
    return engine(other).then(function (e) { return e.search(query); }).then(function (found) {
      if (generation !== latest || !found.total) return;
      var link = document.createElement("a");
      link.href = new URL(box.dataset.page + "?q=" + encodeURIComponent(query), sites[other]).href;
      link.hreflang = other;
      link.target = "_self";  // Material reroutes plain links into the other language to the same path there, dropping ?q=
      link.className = "digest-search__other";
      link.textContent = text.other(found.total);
      status.append(" ", link);
    }).catch(function () { /* the other site's search is a suggestion only */ });
  }

  var latest = 0;
  function run(query) {
    var generation = ++latest;
    query = query.trim();
    list.textContent = "";
    box.dataset.state = "searching";
    if (!query) { status.textContent = ""; box.dataset.state = "idle"; return Promise.resolve(); }
    status.textContent = text.searching;
    return engine(lang).then(function (e) {
      return e.search(query).then(function (found) {
        if (generation !== latest) return;
        show(found.hits);
        status.textContent = (found.total ? text.count(found.total) : text.none) + (e.note ? " " + e.note : "");
        return found.total ? null : offerOtherSite(query, generation);
      });
    }).catch(function (error) {
      if (generation === latest) status.textContent = text.failed + error.message;
    }).then(function () {
      if (generation === latest) box.dataset.state = "done";
    });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { submit(); }, 200);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  function submit() {
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url.href);
    return run(input.value);
  }

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); } else { box.dataset.state = "idle"; }
  input.focus();
})();

/* The digest's search, on every page: the header's box shows results in a panel under the header
   as the reader types, and the search page (search/?q=…, what Enter opens) lists them too; both
   views share the engine and the rendering below.
   The index is small scripts under search-index/ beside each language site's root, written by
   build/digest/publish/search.py and loaded with <script> tags, so it works the same from a server
   and from file:// (where fetch() is blocked). A query loads one chunk of words (each mapped to the
   stem the index used) and one chunk of stems with their postings per term, then the articles it
   shows; index.js, the rules of words the index was built with (digest-words.js) and the Russian
   stemmer lunr ships are loaded when the pointer reaches the box or the box gets focus, and each
   term's chunks as it is typed. Every word of the query must occur
   (rarer ones weigh more); the last one, while typed, also matches words it begins. Results show
   title, date and a highlighted snippet; with no hits it asks the other language's site and
   offers its results. */
(function () {
  "use strict";

  // --- Words, stems, snippets and ranking: pure functions, shared by the page and tests/js/ -------

  // The rules of words the index was built with (build/digest/text/words.py's WORD_RULES), from
  // digest-words.js, which is generated from them and loaded with the stemmers: read when first used.
  var rules;
  function wordRules() {
    if (!rules) {
      var given = window.digestWords;
      // A run of the page's text that may hold words: letters and the characters folding drops, which
      // are inside the words of folded text (a stressed «за́мок» is the word «замок»).
      var text = [given.letter].concat(Object.keys(given.fold).filter(function (c) { return !given.fold[c]; }).map(escapeRegExp));
      rules = {
        fold: given.fold,
        word: new RegExp(given.letter + "+", "gu"),
        text: new RegExp("(?:" + text.join("|") + ")+", "gu"),
        russian: new RegExp(given.russian, "u")
      };
    }
    return rules;
  }
  function escapeRegExp(value) { return value.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"); }

  function fold(value) {
    var replace = wordRules().fold;
    return Array.from(value.toLowerCase(), function (c) {
      return Object.prototype.hasOwnProperty.call(replace, c) ? replace[c] : c;
    }).join("");
  }
  function words(value) { return fold(value).match(wordRules().word) || []; }

  // Snowball's Porter stemmer (snowballstem.org/algorithms/porter), the one the index uses for words
  // without Cyrillic letters (PyStemmer's "porter"; tests/test_js_client.py compares the two). lunr's
  // Porter is another variant: it keeps "day" but the index stems "days" to "dai", so a query word
  // no article has would miss the forms of it that articles have.
  var PORTER = {
    step1a: { sses: "ss", ies: "i", ss: "ss", s: "" },
    step2: {
      tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", eli: "e", izer: "ize",
      ization: "ize", ational: "ate", ation: "ate", ator: "ate", alli: "al", alism: "al", aliti: "al",
      fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble"
    },
    step3: { alize: "al", icate: "ic", iciti: "ic", ical: "ic", ative: "", ful: "", ness: "" },
    step4: ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism",
            "ate", "iti", "ous", "ive", "ize", "ion"],
    step1b: ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]
  };
  function porter(word) {
    var w = Array.from(word);  // characters, as Snowball's cursor moves
    var vowel = function (c) { return "aeiouy".indexOf(c) >= 0; };  // y, not Y; a character, or undefined
    var hasVowel = function (end) { for (var i = 0; i < end; i++) if (vowel(w[i])) return true; return false; };
    // The longest of `suffixes` the word ends with ("" when none).
    var ending = function (suffixes) {
      var tail = w.slice(-7).join(""), found = "";  // the suffixes are of ASCII letters, 7 at most
      suffixes.forEach(function (s) { if (s.length > found.length && tail.slice(-s.length) === s) found = s; });
      return found;
    };
    // Porter's *o: consonant, vowel, consonant other than w, x or Y, ending at `end`.
    var shortSyllable = function (end) {
      return end >= 3 && !vowel(w[end - 3]) && vowel(w[end - 2]) && !vowel(w[end - 1]) && "wxY".indexOf(w[end - 1]) < 0;
    };
    var replace = function (suffix, by) { w.splice(w.length - suffix.length, suffix.length); w.push.apply(w, Array.from(by)); };
    var i, s, yFound = false;
    for (i = 0; i < w.length; i++) {  // a y at the start or after a vowel is a consonant: Y
      if (w[i] === "y" && (i === 0 || vowel(w[i - 1]))) { w[i] = "Y"; yFound = true; }
    }
    var p1 = w.length, p2 = w.length;  // R1 and R2 begin after the first and second vowel-consonant pairs
    var after = function (from) {
      for (var j = from; j < w.length - 1; j++) {
        if (vowel(w[j])) {
          while (j < w.length && vowel(w[j])) j++;
          return j < w.length ? j + 1 : -1;
        }
      }
      return -1;
    };
    if ((i = after(0)) >= 0) { p1 = i; if ((i = after(p1)) >= 0) p2 = i; }

    s = ending(Object.keys(PORTER.step1a));
    if (s) replace(s, PORTER.step1a[s]);
    s = ending(["eed", "ed", "ing"]);
    if (s === "eed") {
      if (w.length - 3 >= p1) w.pop();
    } else if (s && hasVowel(w.length - s.length)) {
      w.length -= s.length;
      var double = ending(PORTER.step1b);
      if (double === "at" || double === "bl" || double === "iz") w.push("e");
      else if (double) w.pop();
      else if (w.length === p1 && shortSyllable(w.length)) w.push("e");
    }
    if ((w[w.length - 1] === "y" || w[w.length - 1] === "Y") && hasVowel(w.length - 1)) w[w.length - 1] = "i";
    s = ending(Object.keys(PORTER.step2));
    if (s && w.length - s.length >= p1) replace(s, PORTER.step2[s]);
    s = ending(Object.keys(PORTER.step3));
    if (s && w.length - s.length >= p1) replace(s, PORTER.step3[s]);
    s = ending(PORTER.step4);
    if (s && w.length - s.length >= p2 && (s !== "ion" || w[w.length - 4] === "s" || w[w.length - 4] === "t")) w.length -= s.length;
    if (w[w.length - 1] === "e" && (w.length - 1 >= p2 || (w.length - 1 >= p1 && !shortSyllable(w.length - 1)))) w.pop();
    if (w[w.length - 1] === "l" && w.length - 1 >= p2 && w[w.length - 2] === "l") w.pop();
    var stemmed = w.join("");
    return yFound ? stemmed.replace(/Y/g, "y") : stemmed;
  }

  var stems = Object.create(null);  // no inherited keys: "constructor" is a word too
  function stem(word) {  // for words the index does not hold, and to mark the snippet: as the index stems
    if (!(word in stems)) {
      stems[word] = wordRules().russian.test(word) ? window.lunr.ru.stemmer(new window.lunr.Token(word)).toString() : porter(word);
    }
    return stems[word];
  }

  // The chunk numbers whose key ranges hold keys from `from` to `to` (firsts: each chunk's first key).
  function chunkOf(firsts, key) {
    var low = 0, high = firsts.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (firsts[mid] <= key) low = mid; else high = mid - 1;
    }
    return low;
  }
  function chunkRange(firsts, from, to) {
    var out = [];
    for (var i = chunkOf(firsts, from); i <= chunkOf(firsts, to); i++) out.push(i);
    return out;
  }

  var PREFIX_MIN = 3, PREFIX_CHUNKS = 3, PREFIX_WEIGHT = 0.5;

  function escapeHtml(value) {
    return value.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // About 30 words around the first word of the text that matches the query, those words marked.
  function excerpt(body, matches) {
    var pattern = new RegExp(wordRules().text.source, "gu"), tokens = [], match, first = -1;
    while ((match = pattern.exec(body)) !== null) {
      var hit = words(match[0]).some(matches);
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

  // The query's words, each once; the last one the reader may still be typing.
  function terms(query) {
    var list = words(query), unique = [];
    list.forEach(function (word) { if (unique.indexOf(word) < 0) unique.push(word); });
    var typing = list[list.length - 1];  // the reader may not have finished it
    return unique.map(function (word) { return { word: word, typing: word === typing }; });
  }

  // What an entry of the index's word chunks stands for: the stem, or its length when the stem
  // begins the word (search.py's index_scripts).
  function termOf(word, entry) { return typeof entry === "number" ? word.slice(0, entry) : entry; }

  // The stems a query word stands for: {stem: weight}. The word's own stem is looked up in its chunk
  // of the index's words (computed by the page's stemmer when the index lacks the word); while the
  // word is typed, stems of the words it begins (in prefixChunks) count too, at half weight.
  function stemWeights(word, chunk, prefixChunks) {
    var entry = chunk[word];
    var found = {};
    found[entry === undefined ? stem(word) : termOf(word, entry)] = 1;
    prefixChunks.forEach(function (other) {
      Object.keys(other).forEach(function (key) {
        if (key.lastIndexOf(word, 0) !== 0) return;
        var term = termOf(key, other[key]);
        if (!(term in found)) found[term] = PREFIX_WEIGHT;
      });
    });
    return found;
  }

  // Postings of stems: Map(article number -> weighted count). weights: {stem: weight}; chunks: the
  // index's stem chunk of each, in the order of Object.keys(weights), where a stem's postings are
  // [number, count, number, count, …], each number the gap from the one before (search.py's _gaps).
  function perArticle(weights, chunks) {
    var perDoc = new Map();
    Object.keys(weights).forEach(function (term, i) {
      var flat = chunks[i][term] || [], number = 0;
      for (var at = 0; at < flat.length; at += 2) {
        number += flat[at];
        perDoc.set(number, (perDoc.get(number) || 0) + weights[term] * flat[at + 1]);
      }
    });
    return perDoc;
  }

  // The articles found: [[number, score]], best first (then newest, the lower number). perTerm: the
  // postings of each query word (perArticle()); every word of the query must occur, rarer words
  // weigh more; total: the number of articles.
  function rank(perTerm, total) {
    var scores = null;
    perTerm.forEach(function (perDoc) {
      var idf = Math.log(1 + total / Math.max(perDoc.size, 1)), next = new Map();
      perDoc.forEach(function (count, number) {
        if (scores === null || scores.has(number)) next.set(number, (scores ? scores.get(number) : 0) + idf * Math.log(1 + count));
      });
      scores = next;
    });
    return Array.from(scores || []).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  // Whether a word of an article's text is marked in its snippet. wanted: terms(query); weights:
  // stemWeights() of each.
  function matcher(wanted, weights) {
    var marked = {};
    wanted.forEach(function (t) { marked[stem(t.word)] = true; });
    weights.forEach(function (w) { Object.keys(w).forEach(function (term) { marked[term] = true; }); });
    var prefixes = wanted.filter(function (t) { return t.typing && t.word.length >= PREFIX_MIN; }).map(function (t) { return t.word; });
    // Another form of a query word is marked too: its stem and the query's stem begin one another
    // («Мантуров» for «Мантурова»: the index finds both forms of a surname, the stemmer cuts them apart).
    var queryStems = wanted.map(function (t) { return stem(t.word); }).filter(function (s) { return s.length >= 4; });
    return function (word) {
      var own = stem(word);
      return marked[own] === true || prefixes.some(function (p) { return word.lastIndexOf(p, 0) === 0; }) ||
        (own.length >= 4 && queryStems.some(function (q) { return q.lastIndexOf(own, 0) === 0 || own.lastIndexOf(q, 0) === 0; }));
    };
  }

  // Under Node (tests/js/), the functions above are handed over and the page's part is not run.
  if (typeof module === "object" && module.exports) {
    module.exports = {
      fold: fold, words: words, porter: porter, stem: stem, chunkOf: chunkOf, chunkRange: chunkRange, escapeHtml: escapeHtml,
      excerpt: excerpt, terms: terms, termOf: termOf, stemWeights: stemWeights, perArticle: perArticle, rank: rank,
      matcher: matcher, PREFIX_MIN: PREFIX_MIN, PREFIX_CHUNKS: PREFIX_CHUNKS, PREFIX_WEIGHT: PREFIX_WEIGHT
    };
  }
  if (typeof document === "undefined") return;

  var box = document.querySelector(".digest-search-box");
  if (!box) return;

  var TEXT = {
    ru: {
      searching: "Ищем…",
      none: "Ничего не найдено.",
      count: function (n) { return "Найдено: " + n; },
      other: function (n) { return "На английском сайте найдено: " + n + " — показать"; },
      all: "Все результаты →",
      more: "Показать ещё",
      failed: "Поиск не загрузился: "
    },
    en: {
      searching: "Searching…",
      none: "Nothing found.",
      count: function (n) { return n === 1 ? "1 result" : n + " results"; },
      other: function (n) { return n + (n === 1 ? " result" : " results") + " on the Russian site — show"; },
      all: "All results →",
      more: "Show more",
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

  // An engine: {prepare(query), search(query, shown) -> {total, hits: [{url, title, date, excerpt}]}};
  // prepare() is told each term as it is typed.
  function engine(language, fresh) {
    if (!engines[language]) {
      engines[language] = indexEngine(language, fresh);
      engines[language].catch(function () { delete engines[language]; });  // tried again by the next search
    }
    return engines[language];
  }

  // A search; when a piece of the index is missing, the index.js in hand is from an earlier build
  // (a browser may keep it for minutes after a new deploy): it is loaded anew, bypassing the
  // cache, and the search run again once.
  function searchIn(language, query, shown) {
    return engine(language).then(function (e) { return e.search(query, shown); }).catch(function (error) {
      if (!error.indexPiece) throw error;
      delete engines[language];
      delete loading[language + "/index"];
      return engine(language, true).then(function (e) { return e.search(query, shown); });
    });
  }

  function searchPage(query, language) {
    return new URL(box.dataset.page + "?q=" + encodeURIComponent(query), sites[language || lang]).href;
  }

  // --- The index ---------------------------------------------------------------------------------

  // Each index script calls digestIndex(key, data); key is "<lang>/<name>" (index, w3, s3, d/5): the
  // name of the file without its build's folder, so that a chunk no article changed keeps its bytes
  // from build to build. The data goes to the request of the script that runs it.
  var loading = {};
  window.digestIndex = function (key, data) {
    var script = document.currentScript;
    var entry = script && script.digestPart;
    if (entry && entry.key === key) entry.resolve(data);
  };

  function loadScript(src, entry) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.digestPart = entry;
      script.src = src;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () { script.remove(); reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  // One file of the index: `name` in the folder `build` ("" for index.js).
  function indexPart(language, build, name, fresh) {
    var file = (build ? build + "/" : "") + name;
    var loaded = language + "/" + file;
    if (!loading[loaded]) {
      var entry = loading[loaded] = { key: language + "/" + name };
      entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
      var src = new URL("search-index/" + file + ".js", sites[language]);
      if (fresh && !offline) src.search = "?" + Date.now();
      loadScript(src.href, entry).then(function () {
        entry.reject(new Error(file + ".js did not hand over its data"));  // no effect once resolved
      }, function (error) {
        delete loading[loaded];  // a failed load is tried again by the next search
        entry.reject(error);
      });
    }
    return loading[loaded].promise;
  }

  var stemmersLoaded;
  function loadStemmers() {  // and the rules of words, which stem() reads too
    var files = ["assets/javascripts/digest-words.js", "assets/javascripts/vendor/lunr.min.js",
                 "assets/javascripts/vendor/lunr.stemmer.support.min.js", "assets/javascripts/vendor/lunr.ru.min.js"];
    stemmersLoaded = stemmersLoaded || files.reduce(function (ready, file) {
      return ready.then(function () { return loadScript(new URL(file, sites[lang]).href); });
    }, Promise.resolve());
    stemmersLoaded.catch(function () { stemmersLoaded = null; });
    return stemmersLoaded;
  }

  function indexEngine(language, fresh) {
    var root = sites[language];
    return Promise.all([indexPart(language, "", "index", fresh), loadStemmers()]).then(function (loaded) {
      var index = loaded[0];
      function part(name) {
        return indexPart(language, index.build, name).catch(function (error) {
          error.indexPiece = true;
          throw error;
        });
      }

      // The stems a query word stands for (stemWeights()); while the word is typed, the chunks of the
      // words it begins are loaded too.
      function stemsOf(word, typing) {
        var wordChunk = part(index.wordFiles[chunkOf(index.words, word)]);
        if (!typing || word.length < PREFIX_MIN) return wordChunk.then(function (chunk) { return stemWeights(word, chunk, []); });
        var numbers = chunkRange(index.words, word, word + "\uffff").slice(0, PREFIX_CHUNKS);
        return Promise.all([wordChunk].concat(numbers.map(function (n) { return part(index.wordFiles[n]); }))).then(function (got) {
          return stemWeights(word, got[0], got.slice(1));
        });
      }

      // Postings of the stems (perArticle()).
      function postings(weights) {
        var terms = Object.keys(weights);
        return Promise.all(terms.map(function (term) { return part(index.stemFiles[chunkOf(index.stems, term)]); })).then(function (chunks) {
          return perArticle(weights, chunks);
        });
      }

      var last = {};
      function find(query) {  // the last search is kept, so that one begun while typing is not run twice
        if (last.query === query) return last.found;
        var wanted = terms(query);
        var found = Promise.all(wanted.map(function (t) { return stemsOf(t.word, t.typing); })).then(function (weights) {
          return Promise.all(weights.map(postings)).then(function (perTerm) {
            return { ranked: rank(perTerm, index.total), matches: matcher(wanted, weights) };
          });
        });
        last = { query: query, found: found };
        return found;
      }

      return {
        // While the reader types, each term's chunks are loaded, so the search the pause asks for
        // finds them in place.
        prepare: function (query) { find(query).catch(function () {}); },
        search: function (query, shown) {
          return find(query).then(function (found) {
            var top = found.ranked.slice(0, shown);
            return Promise.all(top.map(function (entry) { return part("d/" + entry[0]); })).then(function (docs) {
              return {
                total: found.ranked.length,
                hits: docs.map(function (doc) {
                  return { url: new URL(doc[0], root).href, title: doc[1], date: doc[2], excerpt: excerpt(doc[3], found.matches) };
                })
              };
            });
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
      snippet.innerHTML = hit.excerpt;  // escaped text with <mark>, from excerpt()
      item.appendChild(snippet);
      v.list.appendChild(item);
    });
  }

  function offerOtherSite(v, query, generation) {
    var other = box.dataset.otherLang;
    return searchIn(other, query, 0).then(function (found) {
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
    return searchIn(lang, query, v.shown).then(function (found) {
      if (generation !== v.latest) return;
      show(v, found.hits);
      v.root.dataset.shown = query;
      v.root.dataset.total = String(found.total);
      v.status.textContent = found.total ? text.count(found.total) : text.none;
      if (v.all) {
        v.all.href = searchPage(query);
        v.all.hidden = !found.total;
      }
      return found.total ? null : offerOtherSite(v, query, generation);
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
      if (query) engine(lang).then(function (e) { e.prepare(query); }, function () {});
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
  // Material's shortcuts: "/", "s" or "f" outside a field put the reader in the search box.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      input.focus();
    }
  });

  // --- The search page ---------------------------------------------------------------------------

  var pageRoot = document.querySelector("[data-digest-search=page]");
  if (!pageRoot) return;
  var PAGE_SIZE = 10;
  var page = view(pageRoot, PAGE_SIZE);
  var pageInput = pageRoot.querySelector("input");
  var more = pageRoot.querySelector(".digest-search__more");  // the next ten results, as long as there are more

  function showing() {
    var total = Number(pageRoot.dataset.total || 0);
    if (more) more.hidden = !(page.list.children.length < total);
  }
  function submit() {
    var url = new URL(location.href);
    url.searchParams.set("q", pageInput.value);
    history.replaceState(null, "", url.href);
    page.shown = PAGE_SIZE;
    return run(page, pageInput.value).then(showing);
  }
  if (more) {
    more.textContent = text.more;
    more.addEventListener("click", function () {
      page.shown += PAGE_SIZE;
      run(page, pageInput.value).then(showing);
    });
  }
  typed(page, pageInput, submit);
  pageRoot.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); submit(); });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { pageInput.value = initial; run(page, initial).then(showing); } else { pageRoot.dataset.state = "idle"; }
  pageInput.focus();
})();

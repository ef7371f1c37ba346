// Unit tests of the pure part of overrides/assets/javascripts/digest-search.js (`npm test`).
// The script is the one browsers get: under Node it hands its pure functions to module.exports and
// stops before the page's part. It reads words with the rules in digest-words.js (generated from
// text/words.py's WORD_RULES), as on the site, and stems Russian with lunr's stemmer: the vendored lunr
// and lunr-languages' Russian (the code mkdocs-material ships as assets/javascripts/lunr/min/).
// Values marked "search.py" were computed by build/digest/publish/search.py (PYTHONPATH=build) and
// are hardcoded here: the page must read the index the way the build writes it.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const lunr = require(path.join(__dirname, "../../overrides/assets/javascripts/vendor/lunr.min.js"));
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.ru")(lunr);
globalThis.window = { lunr: lunr };  // stem() reads window.lunr, as in the page
require(path.join(__dirname, "../../overrides/assets/javascripts/digest-words.js"));  // window.digestWords

const search = require(path.join(__dirname, "../../overrides/assets/javascripts/digest-search.js"));

// An index written by search.py's index_scripts(docs, "ru", "B1", chunk_chars=60) for these articles
// (numbered newest first):
//   0 b/ "Станки", 2024-05-02: "Заказы на станки выросли; промышленность ждёт кредитов."
//   1 a/ "Мантуров о промышленности", 2024-03-01: "Денис Мантуров рассказал о промышленности и
//        станках." (forms: name_forms("Денис Мантуров") = "Мантуров Мантурова")
//   2 c/ "Cars & <Trains>", 2023-12-31: "Running trains & connected cars <fast>: промышленности нужны
//        станки. Happy days!"
const INDEX = { build: "B1", total: 3, words: ["cars", "happy", "денис", "мантуров", "о", "рассказал"], stems: ["car", "run", "заказ", "на", "рассказа"] };
const W = [
  { cars: 3, connected: 7, days: "dai", fast: 4 },
  { happy: "happi", running: 3, trains: 5, "выросли": 6 },
  { "денис": 5, "ждет": 4, "заказы": 5, "и": 1, "кредитов": 6 },
  { "мантуров": 6, "мантурова": 8, "на": 2, "нужны": 4 },
  { "о": 1, "промышленности": 9, "промышленность": 9 },
  { "рассказал": 8, "станках": 5, "станки": 5 }
];
const S = [
  { car: [2, 6], connect: [2, 1], dai: [2, 1], fast: [2, 1], happi: [2, 1] },
  { run: [2, 1], train: [2, 6], "выросл": [0, 1], "денис": [1, 1], "ждет": [0, 1] },
  { "заказ": [0, 1], "и": [1, 1], "кредит": [0, 1], "мантур": [1, 7], "мантуров": [1, 1] },
  { "на": [0, 1], "нужн": [2, 1], "о": [1, 6], "промышлен": [0, 1, 1, 6, 1, 1] },
  { "рассказа": [1, 1], "станк": [0, 6, 1, 1, 1, 1] }
];
const TEXTS = [
  "Заказы на станки выросли; промышленность ждёт кредитов.",
  "Денис Мантуров рассказал о промышленности и станках.",
  "Running trains & connected cars <fast>: промышленности нужны станки. Happy days!"
];

// The engine's steps (indexEngine's find() and search()), over the index above instead of scripts.
function run(query) {
  const wanted = search.terms(query);
  const weights = wanted.map(function (t) {
    const chunk = W[search.chunkOf(INDEX.words, t.word)];
    if (!t.typing || t.word.length < search.PREFIX_MIN) return search.stemWeights(t.word, chunk, []);
    const numbers = search.chunkRange(INDEX.words, t.word, t.word + "\uffff").slice(0, search.PREFIX_CHUNKS);
    return search.stemWeights(t.word, chunk, numbers.map(function (n) { return W[n]; }));
  });
  const perTerm = weights.map(function (w) {
    return search.perArticle(w, Object.keys(w).map(function (term) { return S[search.chunkOf(INDEX.stems, term)]; }));
  });
  const ranked = search.rank(perTerm, INDEX.total);
  const matches = search.matcher(wanted, weights);
  return { numbers: ranked.map(function (r) { return r[0]; }), excerpts: ranked.map(function (r) { return search.excerpt(TEXTS[r[0]], matches); }) };
}

// --- Folding and words ---------------------------------------------------------------------------

test("fold: lower case, ё as е, no stress marks", function () {
  assert.equal(search.fold("ЁЛКА и Ёж"), "елка и еж");
  assert.equal(search.fold("Всё"), "все");
  assert.equal(search.fold("молоко\u0301 и вода\u0300"), "молоко и вода");
  assert.equal(search.fold("e\u0301"), "e");  // the marks go wherever they are
  assert.equal(search.fold("и\u0306"), "и\u0306");  // other combining marks stay (the breve of a decomposed й)
  assert.equal(search.fold("Putin, ПУТИН"), "putin, путин");
});

test("words: runs of letters and digits, folded; Cyrillic, Latin and digits together are one word", function () {
  assert.deepEqual(search.words("Путин2024 и COVID-19"), ["путин2024", "и", "covid", "19"]);
  assert.deepEqual(search.words("ПутинPutin"), ["путинputin"]);
  assert.deepEqual(search.words("Яндекс.Go"), ["яндекс", "go"]);
  assert.deepEqual(search.words("Всё-таки"), ["все", "таки"]);
  assert.deepEqual(search.words("snake_case"), ["snake", "case"]);  // _ is not a letter
  assert.deepEqual(search.words("iPhone15 Pro"), ["iphone15", "pro"]);
  assert.deepEqual(search.words("молоко\u0301"), ["молоко"]);  // a stress mark does not split a word
  assert.deepEqual(search.words("за\u0301мок"), ["замок"]);
  // The letters are Unicode 14.0's, as search.py's (Python 3.11's), whatever Unicode this engine has:
  // Kawi (Unicode 15) is no word there, \p{L} here.
  assert.deepEqual(search.words("\u{11F04}\u{11F05} kawi"), ["kawi"]);
  assert.deepEqual(search.words("— … !"), []);
  assert.deepEqual(search.words(""), []);
});

test("fold and words agree with search.py on shared examples", function () {
  // [text, search.fold(text), search.words(text)] as search.py computes them.
  const SHARED = [
    ["ЁЛКА и Ёж", "елка и еж", ["елка", "и", "еж"]],
    ["молоко\u0301 и вода\u0300", "молоко и вода", ["молоко", "и", "вода"]],
    ["Всё-таки", "все-таки", ["все", "таки"]],
    ["Путин2024 и COVID-19", "путин2024 и covid-19", ["путин2024", "и", "covid", "19"]],
    ["snake_case", "snake_case", ["snake", "case"]],
    ["x² ½ Ⅻ", "x² ½ ⅻ", ["x²", "½", "ⅻ"]],
    ["№5", "№5", ["5"]],
    ["Яндекс.Go", "яндекс.go", ["яндекс", "go"]],
    ["ПутинPutin", "путинputin", ["путинputin"]],
    ["iPhone15 Pro", "iphone15 pro", ["iphone15", "pro"]],
    ["мо\u0438\u0306", "мо\u0438\u0306", ["мои"]],
    ["\u0663\u0664", "\u0663\u0664", ["\u0663\u0664"]],
    ["naïve café", "naïve café", ["naïve", "café"]],
    ["— … !", "— … !", []]
  ];
  SHARED.forEach(function (example) {
    assert.equal(search.fold(example[0]), example[1], example[0]);
    assert.deepEqual(search.words(example[0]), example[2], example[0]);
  });
});

// --- Stems ---------------------------------------------------------------------------------------

test("stem: Snowball Russian for Cyrillic words, Snowball's Porter for the rest, as search.py's Stems", function () {
  // search.py's Stems() of each word.
  const SHARED = {
    "промышленности": "промышлен", "промышленность": "промышлен", "мантуров": "мантур", "мантурова": "мантуров",
    "мантурову": "мантуров", "станках": "станк", "станками": "станк", "санкций": "санкц", "елки": "елк",
    "рассказал": "рассказа", "ман": "ман", running: "run", connected: "connect", trains: "train",
    days: "dai", day: "dai", technology: "technologi", technologies: "technologi", flying: "fly", is: "i",
    s: "", happy: "happi", relational: "relat", hopping: "hop", filing: "file", agreed: "agre", feed: "feed"
  };
  Object.keys(SHARED).forEach(function (word) { assert.equal(search.stem(word), SHARED[word], word); });
  assert.equal(search.stem("путин2024"), "путин2024");  // Cyrillic: the Russian stemmer, which leaves it
  assert.equal(search.stem("cars"), "car");
});

test("stem: a word no article has gets the stem search.py gives it, so it finds the forms articles have", function () {
  // lunr's Porter, which the page used, kept "day" and "technolog" where the index has "dai" and
  // "technologi": "day" (not in the index; "days" is) found nothing once the reader typed on.
  assert.equal(W[search.chunkOf(INDEX.words, "day")].day, undefined);
  assert.deepEqual(search.stemWeights("day", W[search.chunkOf(INDEX.words, "day")], []), { dai: 1 });
  assert.deepEqual(run("day happy").numbers, [2]);
  assert.deepEqual(run("day happy").excerpts, [
    "Running trains &amp; connected cars &lt;fast&gt;: промышленности нужны станки. <mark>Happy</mark> <mark>days</mark> …"
  ]);
  // A word the index holds is looked up, not stemmed: "days" -> "dai" (search.py).
  assert.deepEqual(search.stemWeights("days", W[search.chunkOf(INDEX.words, "days")], []), { dai: 1 });
});

test("porter: Snowball's Porter over characters, not UTF-16 units; Y is a consonant y", function () {
  assert.equal(search.porter("𝐱𝐱ing"), "𝐱𝐱ing");  // search.py: no vowel before -ing
  assert.equal(search.porter("𝐱aying"), "𝐱ai");
  assert.equal(search.porter("yelling"), "yell");
  assert.equal(search.porter("saying"), "sai");
  assert.equal(search.porter(""), "");
});

// --- The index's chunks --------------------------------------------------------------------------

test("chunkOf finds each word and stem in the chunk search.py put it in (its order is JavaScript's)", function () {
  W.forEach(function (chunk, i) {
    Object.keys(chunk).forEach(function (word) { assert.equal(search.chunkOf(INDEX.words, word), i, word); });
  });
  S.forEach(function (chunk, i) {
    Object.keys(chunk).forEach(function (term) { assert.equal(search.chunkOf(INDEX.stems, term), i, term); });
  });
  assert.equal(search.chunkOf(INDEX.words, "a"), 0);  // before the first key: the first chunk
  assert.equal(search.chunkOf(INDEX.words, "яхта"), 5);  // after the last: the last chunk
  assert.equal(search.chunkOf(INDEX.words, "станок"), 5);
  assert.equal(search.chunkOf(["only"], "x"), 0);
});

test("chunkRange: every chunk that may hold a word the prefix begins", function () {
  assert.deepEqual(search.chunkRange(INDEX.words, "ман", "ман\uffff"), [2, 3]);  // "мантуров" opens chunk 3
  assert.deepEqual(search.chunkRange(INDEX.words, "промышл", "промышл\uffff"), [4]);
  assert.deepEqual(search.chunkRange(INDEX.words, "c", "c\uffff"), [0]);
  assert.deepEqual(search.chunkRange(INDEX.words, "a", "я"), [0, 1, 2, 3, 4, 5]);
});

test("termOf: an entry of a word chunk is the stem, or the stem's length when it begins the word", function () {
  assert.equal(search.termOf("промышленности", 9), "промышлен");
  assert.equal(search.termOf("happy", "happi"), "happi");
  assert.equal(search.termOf("и", 1), "и");
  // search.py wrote each word's entry so: every word chunk read back gives search.py's stem.
  assert.equal(search.termOf("мантурова", W[3]["мантурова"]), "мантуров");
  assert.equal(search.termOf("connected", W[0].connected), "connect");
});

// --- Query words, their stems and prefixes -------------------------------------------------------

test("terms: each word once, the last one as being typed", function () {
  assert.deepEqual(search.terms("Станки, станки и ЗАКАЗЫ"), [
    { word: "станки", typing: false }, { word: "и", typing: false }, { word: "заказы", typing: true }
  ]);
  assert.deepEqual(search.terms("заказы станки заказы"), [{ word: "заказы", typing: true }, { word: "станки", typing: false }]);
  assert.deepEqual(search.terms("  …  "), []);
});

test("stemWeights: the index's stem of a word it holds, the page's stem of one it does not", function () {
  assert.deepEqual(search.stemWeights("промышленности", W[4], []), { "промышлен": 1 });
  assert.deepEqual(search.stemWeights("happy", W[1], []), { happi: 1 });  // the page's Porter says "happi" too, but the index is read
  assert.deepEqual(search.stemWeights("станками", W[5], []), { "станк": 1 });  // not in the index: lunr's Russian stemmer
});

test("stemWeights: a word being typed also stands for the stems of the words it begins, at half weight", function () {
  assert.equal(search.PREFIX_WEIGHT, 0.5);
  assert.deepEqual(search.stemWeights("ман", W[2], [W[2], W[3]]), { "ман": 1, "мантур": 0.5, "мантуров": 0.5 });
  // Only the words it begins ("рассказал", "станках", "о" do not), and its own stem keeps its weight.
  assert.deepEqual(search.stemWeights("промышл", W[4], [W[4], W[5]]), { "промышл": 1, "промышлен": 0.5 });
  assert.deepEqual(search.stemWeights("станки", W[5], [W[5]]), { "станк": 1 });
});

// --- Postings and ranking ------------------------------------------------------------------------

test("perArticle: search.py's gaps read back as article numbers, counts times weights summed", function () {
  // search.py: «промышлен» counts 1 in article 0, 6 in article 1 (title ×5 + body), 1 in article 2.
  assert.deepEqual(search.perArticle({ "промышлен": 1 }, [S[3]]), new Map([[0, 1], [1, 6], [2, 1]]));
  assert.deepEqual(search.perArticle({ "промышлен": 0.5 }, [S[3]]), new Map([[0, 0.5], [1, 3], [2, 0.5]]));
  assert.deepEqual(search.perArticle({ "мантур": 1, "мантуров": 0.5 }, [S[2], S[2]]), new Map([[1, 7.5]]));
  assert.deepEqual(search.perArticle({ "станк": 1, "нужн": 2 }, [S[4], S[3]]), new Map([[0, 6], [1, 1], [2, 3]]));
  assert.deepEqual(search.perArticle({ "нет": 1 }, [S[3]]), new Map());  // a stem no article has
});

test("rank: every query word must occur; rarer words weigh more; ties go to the newer article", function () {
  const numbers = function (ranked) { return ranked.map(function (r) { return r[0]; }); };
  // The score: the sum over the query's words of ln(1 + total / articles with it) × ln(1 + count).
  const common = new Map([[0, 1], [1, 1], [2, 5], [3, 1]]);
  const rare = new Map([[1, 1], [3, 2]]);
  const ranked = search.rank([common, rare], 10);
  assert.deepEqual(numbers(ranked), [3, 1]);  // 0 and 2 lack the rare word
  assert.ok(Math.abs(ranked[0][1] - (Math.log(1 + 10 / 4) * Math.log(2) + Math.log(1 + 10 / 2) * Math.log(3))) < 1e-12);
  assert.ok(Math.abs(ranked[1][1] - (Math.log(1 + 10 / 4) * Math.log(2) + Math.log(1 + 10 / 2) * Math.log(2))) < 1e-12);
  assert.deepEqual(numbers(search.rank([new Map([[0, 1], [1, 3]])], 10)), [1, 0]);  // a higher count first
  // The same counts, swapped between a word four articles have and one two have: the rarer word's wins.
  assert.deepEqual(numbers(search.rank([new Map([[0, 2], [1, 1], [2, 1], [3, 1]]), new Map([[0, 1], [1, 2]])], 4)), [1, 0]);
  assert.deepEqual(numbers(search.rank([new Map([[7, 2], [4, 2], [9, 2]])], 10)), [4, 7, 9]);  // a tie: newest first
  assert.deepEqual(search.rank([new Map([[1, 1]]), new Map()], 10), []);  // a word no article has
  assert.deepEqual(search.rank([], 10), []);
});

// --- Marking and snippets ------------------------------------------------------------------------

test("matcher: the query's stems, the stems found for it, the prefix being typed, another form of a surname", function () {
  const wanted = search.terms("мантурова промыш");
  const matches = search.matcher(wanted, [search.stemWeights("мантурова", W[3], []), search.stemWeights("промыш", W[4], [W[4]])]);
  assert.equal(matches("мантурова"), true);
  assert.equal(matches("мантурову"), true);  // the same stem
  assert.equal(matches("мантуров"), true);  // «мантур» begins the query's stem «мантуров»
  assert.equal(matches("промышленность"), true);  // the typed prefix
  assert.equal(matches("промыслы"), false);
  assert.equal(matches("станки"), false);
  assert.equal(matches("ман"), false);  // too short a stem to count as another form

  // Only the word being typed is a prefix: «кот» marks «котлета» while typed, not once finished.
  assert.equal(search.matcher(search.terms("заказы кот"), [{ "заказ": 1 }, { "кот": 1 }])("котлета"), true);
  const finished = search.matcher(search.terms("кот заказы"), [{ "кот": 1 }, { "заказ": 1 }]);
  assert.equal(finished("котлета"), false);
  assert.equal(finished("кот"), true);
  assert.equal(finished("коты"), true);  // the same stem
  assert.equal(finished("заказов"), true);
  // Stems of 4 letters or more that begin one another are other forms, finished or not.
  assert.equal(search.matcher(search.terms("стан заказы"), [{ "стан": 1 }, { "заказ": 1 }])("станция"), true);
  // A typed word shorter than PREFIX_MIN does not mark the words it begins.
  assert.equal(search.PREFIX_MIN, 3);
  assert.equal(search.matcher(search.terms("ст"), [{ "ст": 1 }])("станки"), false);
});

test("escapeHtml escapes &, <, > and \"", function () {
  assert.equal(search.escapeHtml("a & b < c > d \"e\""), "a &amp; b &lt; c &gt; d &quot;e&quot;");
  assert.equal(search.escapeHtml("&amp;"), "&amp;amp;");
  assert.equal(search.escapeHtml("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  assert.equal(search.escapeHtml("it's"), "it's");
});

test("excerpt: the matching words marked, everything else escaped", function () {
  const isStanki = function (word) { return word === "станки"; };
  assert.equal(search.excerpt("Tom & \"Jerry\" <b>x</b> Станки", isStanki), "Tom &amp; &quot;Jerry&quot; &lt;b&gt;x&lt;/b&gt; <mark>Станки</mark>");
  assert.equal(search.excerpt("a <img src=x onerror=alert(1)> b", function (word) { return word === "img"; }),
    "a &lt;<mark>img</mark> src=x onerror=alert(1)&gt; b");
  assert.equal(search.excerpt("x&y \"<станки>\" z", isStanki), "x&amp;y &quot;&lt;<mark>станки</mark>&gt;&quot; z");
  // What comes before the first word shown and after the last is left out (… marks the end).
  assert.equal(search.excerpt("<станки>", isStanki), "<mark>станки</mark> …");
  // Words are compared folded, shown as written.
  assert.equal(search.excerpt("Всё ёлки", function (word) { return word === "елки"; }), "Всё <mark>ёлки</mark>");
  // A stressed word is one word, as in the index (its text is folded before it is split).
  assert.equal(search.excerpt("Старый за\u0301мок.", function (word) { return word === "замок"; }), "Старый <mark>за\u0301мок</mark> …");
  assert.equal(search.excerpt("", isStanki), "");
  assert.equal(search.excerpt("… — !", isStanki), "");
});

test("excerpt: up to 30 words, from 10 before the first match to 20 after, … where the text goes on", function () {
  const body = Array.from({ length: 60 }, function (_, i) { return "w" + i; }).join(" ");
  const at = function (n) { return function (word) { return word === "w" + n; }; };
  const list = function (from, to) { return Array.from({ length: to - from }, function (_, i) { return "w" + (from + i); }); };
  assert.equal(search.excerpt(body, at(25)), "… " + list(15, 45).join(" ").replace("w25", "<mark>w25</mark>") + " …");
  // Near the beginning: the words before it and 20 after.
  assert.equal(search.excerpt(body, at(3)), list(0, 24).join(" ").replace("w3 ", "<mark>w3</mark> ") + " …");
  assert.equal(search.excerpt(body, at(59)), "… " + list(49, 59).join(" ") + " <mark>w59</mark>");
  assert.equal(search.excerpt(body, at(99)), list(0, 30).join(" ") + " …");  // no match: the beginning
  assert.equal(search.excerpt("w1 w2.", at(2)), "w1 <mark>w2</mark> …");
});

// --- The whole search over search.py's index -----------------------------------------------------

test("a search over an index search.py wrote: hits ranked, snippets marked and escaped", function () {
  assert.deepEqual(run("станки").numbers, [0, 1, 2]);  // article 0 has it in its title (×5); then the newer
  assert.deepEqual(run("Мантурова станки").numbers, [1]);
  assert.deepEqual(run("мантуров").excerpts, ["Денис <mark>Мантуров</mark> рассказал о промышленности и станках …"]);
  assert.deepEqual(run("промышл").numbers, [1, 0, 2]);  // typed: the words it begins, «промышлен»
  assert.deepEqual(run("промышленности нужны").numbers, [2]);
  assert.deepEqual(run("станки заказы").numbers, [0]);
  assert.deepEqual(run("ёлки").numbers, []);
  assert.deepEqual(run("happy days").excerpts, [
    "Running trains &amp; connected cars &lt;fast&gt;: промышленности нужны станки. <mark>Happy</mark> <mark>days</mark> …"
  ]);
  assert.deepEqual(run("cars").excerpts, [
    "Running trains &amp; connected <mark>cars</mark> &lt;fast&gt;: промышленности нужны станки. Happy days …"
  ]);
});

test("stem: words that name properties of plain objects are stemmed like any other", function () {
  ["constructor", "toString", "__proto__", "hasOwnProperty"].forEach(function (word) {
    assert.equal(typeof search.stem(word), "string", word);
  });
  assert.equal(search.stem("constructor"), "constructor");
});

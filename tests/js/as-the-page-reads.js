// What the page's search makes of texts and words, for tests/test_js_client.py to compare with
// build/digest/text/words.py and publish/search.py: reads {"texts": [...], "words": [...]} as JSON on stdin, writes
// {"fold": [fold(text)...], "words": [words(text)...], "stems": [stem(word)...], "letters": [[first,
// last]...]} on stdout, where letters are the ranges of code points that digest-words.js's `letter`
// pattern matches, read by this engine's RegExp.
"use strict";

const path = require("node:path");

const lunr = require(path.join(__dirname, "../../overrides/assets/javascripts/vendor/lunr.min.js"));
require("lunr-languages/lunr.stemmer.support")(lunr);
require("lunr-languages/lunr.ru")(lunr);
globalThis.window = { lunr: lunr };
require(path.join(__dirname, "../../overrides/assets/javascripts/digest-words.js"));
const search = require(path.join(__dirname, "../../overrides/assets/javascripts/digest-search.js"));

function letterRanges() {
  const letter = new RegExp("^" + globalThis.window.digestWords.letter + "$", "u");
  const ranges = [];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;  // lone surrogates: no characters of a text
    if (!letter.test(String.fromCodePoint(code))) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  return ranges;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", function (chunk) { input += chunk; });
process.stdin.on("end", function () {
  const asked = JSON.parse(input);
  process.stdout.write(JSON.stringify({
    fold: asked.texts.map(search.fold),
    words: asked.texts.map(search.words),
    stems: asked.words.map(function (word) { return search.stem(word); }),
    letters: letterRanges()
  }));
});

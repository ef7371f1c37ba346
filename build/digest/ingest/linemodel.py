"""Pure: a learnt judgement of every line of a seed, as article text or site chrome.

Each line is described by features (its length, stop-word density, sentence shape, final
punctuation, capitalisation, digits, interface words, its script against the page's, whether it
repeats, whether today's rules call it chrome, and where it stands relative to the article's main
block of prose), and a logistic regression over those features, with weights learnt from the
development part of the real-world corpus (benchmarks/train_cleaner.py) and shipped in
cleaner-weights.json, gives the probability that it is chrome. The same weights give the same
verdicts on every machine: builds stay deterministic.

The main block is found first: the run of lines with the most prose in it (each line of prose
counts for, each short line against), so that a menu word above or inside the article cannot end it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Set as AbstractSet
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from digest.text import dates
from digest.text.lang import CYRILLIC_ALL, LATIN, STOP_WORDS, covered, split_sentences

WEIGHTS_FILE = Path(__file__).with_name("cleaner-weights.json")
_WORD = re.compile(r"[^\W\d_]+")
_TERMINAL = ".!?…"
_DIGITS = re.compile(r"\d+")
_BOUNDARY = re.compile(
    r"\w[.!?…][»\"”]?\s+[«\"“]?[A-ZА-ЯЁ]"
)  # a sentence ends and another begins (long lines: razdel costs)
_CLOSERS = '»"”’)'
# A web or mail address, or a site's name as a domain ("Источник: metal-expo.ru", "Read on RG.RU").
_DOMAINS = "ru|com|org|net|рф|by|kz|ua|uk|info|tv|news|gov"
_ADDRESS = re.compile(
    rf"https?://|www\.|@\w+\.\w|\b\w[\w-]*\.(?:{_DOMAINS})\b",
    re.IGNORECASE,
)
# What every address above contains, found ~3x faster than the address itself in a line of prose.
_ADDRESS_HINT = re.compile(rf"://|www\.|@|\.(?:{_DOMAINS})\b", re.IGNORECASE)
# A short label and its colon at the head of a line: "Источник: …", "Фото: …", "Tags: …".
_LABEL_COLON = re.compile(r"^[^\W\d_][\w-]*(?:\s[\w-]+)?:\s")
# Words of interfaces rather than of news prose (menus, buttons, forms, widgets), both languages.
_UI_WORDS = frozenset(
    [
        "home",
        "menu",
        "search",
        "login",
        "log",
        "sign",
        "register",
        "subscribe",
        "subscription",
        "newsletter",
        "share",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "reply",
        "contact",
        "contacts",
        "about",
        "privacy",
        "terms",
        "cookies",
        "cookie",
        "policy",
        "advertise",
        "advertisement",
        "sponsored",
        "follow",
        "like",
        "likes",
        "views",
        "read",
        "more",
        "next",
        "previous",
        "prev",
        "back",
        "top",
        "close",
        "skip",
        "content",
        "main",
        "navigation",
        "sitemap",
        "rss",
        "feed",
        "app",
        "download",
        "video",
        "videos",
        "photo",
        "photos",
        "gallery",
        "podcast",
        "podcasts",
        "live",
        "latest",
        "popular",
        "trending",
        "related",
        "recommended",
        "topics",
        "tags",
        "section",
        "sections",
        "news",
        "archive",
        "account",
        "password",
        "forgot",
        "submit",
        "send",
        "send",
        "rate",
        "weather",
        "edition",
        "english",
        "русский",
        "главная",
        "меню",
        "поиск",
        "войти",
        "вход",
        "выход",
        "регистрация",
        "подписаться",
        "подписка",
        "рассылка",
        "поделиться",
        "печать",
        "распечатать",
        "комментарии",
        "комментарий",
        "ответить",
        "контакты",
        "редакция",
        "реклама",
        "политика",
        "конфиденциальности",
        "соглашение",
        "пользовательское",
        "читать",
        "далее",
        "ещё",
        "еще",
        "подробнее",
        "назад",
        "вперед",
        "вперёд",
        "наверх",
        "закрыть",
        "отправить",
        "прикрепить",
        "файл",
        "оценить",
        "оцените",
        "видео",
        "фото",
        "фотогалерея",
        "подкасты",
        "популярное",
        "обсуждаемое",
        "новости",
        "лента",
        "архив",
        "рубрики",
        "теги",
        "разделы",
        "карта",
        "сайта",
        "версия",
        "слабовидящих",
        "мобильная",
        "приложение",
        "скачать",
        "погода",
        "курс",
        "курсы",
        "валют",
        "telegram",
        "телеграм",
        "вконтакте",
        "дзен",
        "обратная",
        "связь",
        "вопрос",
        "задать",
        "обращение",
        "обращения",
        "граждан",
        "прием",
        "приём",
    ]
)
FEATURES = (
    "bias",
    "length",
    "words",
    "stop_density",
    "no_stop_words",
    "ends_like_sentence",
    "two_sentences",
    "ends_with_colon",
    "title_case",
    "all_caps",
    "digits",
    "ui_words",
    "separators",
    "date",
    "repeated",
    "other_script",
    "prose",
    "previous_prose",
    "next_prose",
    "in_block",
    "above_block",
    "below_block",
    "short_in_block",
    "rule_chrome",
    "rules_removed",
    "len_lt_20",
    "len_20_50",
    "len_50_100",
    "len_100_200",
    "prose_around",
    "short_around",
    "block_share",
    "near_block",
    "address",
    "label_colon",
)


class Judged(NamedTuple):
    chrome: float  # the probability that the line is chrome
    why: str  # the features that weighed most, for `digest explain`


@lru_cache(maxsize=1)
def _saved() -> dict:
    return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    data = _saved()
    return {name: float(data["weights"].get(name, 0.0)) for name in FEATURES} | {
        "threshold": float(data["threshold"])
    }


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(min(z, 30.0), -30.0)))


def page_script(lines: list[str]) -> str:
    # each line once (a line printed twice is often chrome); a sample is enough to tell the script
    text = " ".join(dict.fromkeys(lines))[:6000]
    return "cyrillic" if CYRILLIC_ALL.count(text) > LATIN.count(text) else "latin"


@lru_cache(maxsize=4096)
def _shape(line: str, script: str) -> tuple:
    """What a line says about itself alone: (features dict, is_prose)."""
    words = _WORD.findall(line)
    tokens = [t.lower() for t in words]
    stop = STOP_WORDS["ru" if script == "cyrillic" else "en"]
    n = len(tokens)
    stops = sum(t in stop for t in tokens)
    long_words = [w for w in words if len(w) > 3]
    letters = (
        sum(map(len, words)) or 1
    )  # counted by the regex engine, not a Python loop per character
    sample = line[:300]  # the script of a line shows in its beginning
    cyr, lat = CYRILLIC_ALL.count(sample), LATIN.count(sample)
    other = (cyr + lat >= 3) and (
        (script == "cyrillic" and lat > 2 * cyr) or (script == "latin" and cyr > 2 * lat)
    )
    stripped = line.rstrip(_CLOSERS)
    ends = stripped[-1:] in _TERMINAL and not line.endswith("...")
    two = (
        ends
        and len(line) > 40
        and (bool(_BOUNDARY.search(line)) if len(line) > 400 else len(split_sentences(line)) >= 2)
    )
    length = len(line)
    features = {
        "length": math.log1p(length) / 6,
        "words": math.log1p(n) / 4,
        "stop_density": stops / n if n else 0.0,
        "no_stop_words": float(n > 0 and stops == 0),
        "ends_like_sentence": float(ends),
        "two_sentences": float(two),
        "ends_with_colon": float(line.endswith(":")),
        "title_case": sum(w[0].isupper() for w in long_words) / len(long_words)
        if long_words
        else 0.0,
        "all_caps": float(line.isupper() and letters > 3),
        "digits": covered(_DIGITS, line) / max(length, 1),
        "ui_words": sum(t in _UI_WORDS for t in tokens) / n if n else 0.0,
        "separators": float(len(re.findall(r"\s[|•·/»>›]\s", line)) >= 1),
        "date": float(dates.dateline_date(line) is not None),
        "other_script": float(other),
        "len_lt_20": float(length < 20),
        "len_20_50": float(20 <= length < 50),
        "len_50_100": float(50 <= length < 100),
        "len_100_200": float(100 <= length < 200),
        "address": float(bool(_ADDRESS_HINT.search(line) and _ADDRESS.search(line))),
        "label_colon": float(length < 120 and bool(_LABEL_COLON.match(line))),
    }
    prose = (
        (length >= 200 and stops >= 3)
        or (n >= 8 and ends and stops >= 1 and features["title_case"] < 0.6)
        or two
    )
    return features, prose


def main_block(
    lines: list[str], script: str, rule_chrome: list[bool] | None = None
) -> tuple[int, int]:
    """(first, last) index of the run of lines with the most prose (Kadane over +prose/-other); a
    line the rules call chrome (a cookie notice reads like prose) counts as other."""
    best, best_span, total, start = 0.0, (0, len(lines) - 1), 0.0, 0
    for i, line in enumerate(lines):
        prose = _shape(line, script)[1] and not (rule_chrome and rule_chrome[i])
        gain = min(len(line) / 150, 3.0) if prose else -0.6
        if total <= 0:
            total, start = gain, i
        else:
            total += gain
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def features_of(
    lines: list[str], rule_chrome: list[bool], rules_removed: list[bool]
) -> tuple[list[dict[str, float]], tuple[int, int]]:
    """Each line's features (what judge() weighs, and what training reads), and the main block's
    span."""
    script = page_script(lines)
    first, last = main_block(lines, script, rule_chrome)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    shapes = [_shape(line, script) for line in lines]
    prose_flags = [prose for _, prose in shapes]
    short_flags = [len(line) < 40 for line in lines]
    block_prose = sum(prose_flags[first : last + 1])
    rows = []
    for i, line in enumerate(lines):
        own, prose = shapes[i]
        inside = first <= i <= last
        around = [k for k in range(max(0, i - 3), min(len(lines), i + 4)) if k != i]
        rows.append(
            own
            | {
                "prose_around": sum(prose_flags[k] for k in around) / len(around)
                if around
                else 0.0,
                "short_around": sum(short_flags[k] for k in around) / len(around)
                if around
                else 0.0,
                "block_share": block_prose / max(sum(prose_flags), 1),
                "near_block": float(first - 2 <= i <= last + 2 and not inside),
                "bias": 1.0,
                "repeated": float(counts[line] > 1),
                "prose": float(prose),
                "previous_prose": float(i > 0 and shapes[i - 1][1]),
                "next_prose": float(i + 1 < len(lines) and shapes[i + 1][1]),
                "in_block": float(inside),
                "above_block": math.log1p(max(first - i, 0)) / 4,
                "below_block": math.log1p(max(i - last, 0)) / 4,
                "short_in_block": float(inside and len(line) < 60),
                "rule_chrome": float(rule_chrome[i]),
                "rules_removed": float(rules_removed[i]),
            }
        )
    return rows, (first, last)


def judge(
    lines: list[str], rule_chrome: list[bool], rules_removed: list[bool]
) -> tuple[list[Judged], tuple[int, int], list[dict]]:
    """A verdict per (non-blank, normalised) line, the main block's span, and the lines' features
    (which headline() reads too)."""
    if not lines:
        return [], (0, -1), []
    rows, block = features_of(lines, rule_chrome, rules_removed)
    w = weights()
    judged = []
    for x in rows:
        z = sum(w[name] * x[name] for name in FEATURES)
        contributions = sorted(
            ((w[name] * x[name], name) for name in FEATURES if name != "bias" and x[name]),
            key=lambda pair: -abs(pair[0]),
        )
        why = ", ".join(f"{name} {value:+.1f}" for value, name in contributions[:3])
        judged.append(Judged(_sigmoid(z), why))
    return judged, block, rows


HEADLINE_FEATURES = (
    "bias",
    "rules_title",
    "overlap",
    "date_near",
    "distance",
    "ends_like_sentence",
    "words",
    "ui_words",
    "title_case",
    "len_lt_20",
    "first_candidate",
    "lede_overlap",
    "date_below",
    "byline",
    "separators",
    "has_date",
    "handles",
    "best_overlap",
    "byline_below",
    "nearest_to_block",
    "four_to_twenty_words",
)
_BYLINE_START = re.compile(r"^(by|от|автор|author|posted by|written by)\b", re.IGNORECASE)
_PREFIX = re.compile(r"[^\W\d_]{4,}")


def _wrapped_before(next_line: str) -> bool:
    """Whether the line above this one is a line wrapped mid-sentence: this one starts in lower
    case and is not a byline or a dateline ("by Jack Davis", "on December 29, 2014"), nor a single
    word that ends no sentence (a tag, «технопарк»; a widget's name, "news_top_970_100")."""
    return (
        next_line[:1].islower()
        and (" " in next_line or next_line.rstrip(_CLOSERS)[-1:] in _TERMINAL)
        and not is_byline(next_line)
        and dates.publication_date(next_line) is None
    )


def is_byline(line: str) -> bool:
    return bool(_BYLINE_START.match(line))


_GIVEN_NAMES = frozenset(
    name
    for name in (Path(__file__).parent.parent / "text" / "given-names.txt")
    .read_text(encoding="utf-8")
    .split("\n")
    if name and not name.startswith("#")
)
_NAME_WORD = r"[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ]?[a-zа-яё]+)?"
_PERSON = rf"{_NAME_WORD}(?:\s+[A-ZА-ЯЁ]\.)?(?:\s+{_NAME_WORD}){{1,2}}"
_AND = r"\s*(?:,|\bи\b|\band\b|&)\s*"
# Names (and a role in brackets, a trailing slash): "Keith J. Kelly", «Татьяна Петунина /»,
# «Даниил Иринин (Редактор отдела «Наука и техника»)», «Алексей Каменский, Ксения Шамакина».
_NAMES_LINE = re.compile(
    rf"^(?P<names>{_PERSON}(?:{_AND}{_PERSON})*)\s*(?:\(.{{1,60}}\))?\s*[/|,]?$"
)


def is_author_line(line: str) -> bool:
    """Whether the line is only people's names, each beginning with a known given name: an
    author's byline, when it stands outside the article's text."""
    if len(line) > 140:
        return False
    match = _NAMES_LINE.match(line)
    return match is not None and all(
        name.split()[0] in _GIVEN_NAMES for name in re.split(_AND, match["names"]) if name
    )


def window_edge(origin: int, step: int, count: int, removed: AbstractSet[int], size: int) -> int:
    """The index `count` lines away from `origin` in the direction of `step` (-1 up, 1 down),
    counting no line in `removed` (those a rule removed for sure) and going past neither end of the
    `size` lines."""
    position, counted = origin, 0
    while counted < count and 0 <= position + step < size:
        position += step
        counted += position not in removed
    return position


@lru_cache(maxsize=256)  # the second round of classify() reads the same article text again
def _stems(text: str) -> frozenset[str]:
    return frozenset({w[:5].lower() for w in _PREFIX.findall(text)})


def headline_candidates(
    lines: list[str],
    rows: list[dict],
    block: tuple[int, int],
    rules_title: int | None,
    chrome: AbstractSet[int] = frozenset(),
) -> list[tuple[int, dict[str, float]]]:
    """Lines that may be the headline (above the main block or its first line) with their features;
    `rows`: the lines' features from features_of()."""
    first, last = block
    # a headline's words are in the article's first part (its lines the rules keep)
    text = [lines[k] for k in range(first, last + 1) if not rows[k]["rules_removed"]]
    body, lede = _stems(" ".join(text)[:4000]), _stems(" ".join(text[:2]))
    found: list[tuple[int, dict[str, float]]] = []
    # a headline stands above the article's prose: the block's only line of prose is not one
    last_prose = max((k for k in range(first, last + 1) if rows[k]["prose"]), default=first)
    # the window above the block: 25 lines that a rule did not remove for sure (share buttons,
    # credits and the like between the headline and the text do not push it out)
    start = window_edge(first, -1, 25, chrome, len(lines))
    seen: set[str] = set()
    for j in range(start, min(first + 1, len(lines), last_prose)):
        line, own = lines[j], rows[j]
        prose = own["prose"]
        if (
            # a page may name its headline in its header, then head the article with it again: the
            # repeat a rule removed is a candidate, and a line printed twice is one candidate
            (j in chrome and not own["repeated"])
            or line in seen
            or (prose and j != rules_title)
            or not 10 <= len(line) <= 250
            or len(line.split()) < 2
            or own["date"]
            or own["other_script"]  # a headline is in the article's language
            or line.endswith(":")
            or (j + 1 < len(lines) and _wrapped_before(lines[j + 1]))
        ):
            continue
        words = _stems(line)
        near = [
            k
            for k in range(max(0, j - 3), min(len(lines), j + 4))
            if k != j and dates.dateline_date(lines[k]) is not None
        ]
        full_stop = own["ends_like_sentence"] and line.rstrip(_CLOSERS)[-1:] == "."
        if full_stop and j != rules_title and (not near or line[-1:] in _CLOSERS):
            # a sentence is a headline only next to a dateline (or where the rules say so): else it
            # is the text's; a quoted sentence, closed after its full stop, is a quote
            continue
        seen.add(line)
        found.append(
            (
                j,
                {
                    "bias": 1.0,
                    "rules_title": float(j == rules_title),
                    "overlap": len(words & body) / len(words) if words else 0.0,
                    "date_near": float(bool(near)),
                    "distance": math.log1p(abs(first - j)) / 3,
                    "ends_like_sentence": own["ends_like_sentence"],
                    "words": own["words"],
                    "ui_words": own["ui_words"],
                    "title_case": own["title_case"],
                    "repeated": own["repeated"],
                    "len_lt_20": own["len_lt_20"],
                    "first_candidate": float(not found),
                    "lede_overlap": len(words & lede) / len(words) if words else 0.0,
                    "date_below": float(
                        any(
                            dates.publication_date(lines[k]) is not None
                            for k in range(j + 1, min(len(lines), j + 4))
                        )
                    ),
                    "byline": float(is_byline(line)),
                    "separators": own["separators"],
                    "has_date": float(bool(dates.find_dates(line))),
                    "handles": float(bool(re.search(r"[#@]\w", line))),
                    "byline_below": float(
                        any(
                            is_byline(lines[k]) or dates.publication_date(lines[k]) is not None
                            for k in range(j + 1, min(len(lines), j + 7))
                        )
                    ),
                    "four_to_twenty_words": float(4 <= len(line.split()) <= 20),
                },
            )
        )
    # How each candidate compares with the others of its page: the one whose words the article
    # uses most, and the one nearest the article.
    if found:
        most = max(x["overlap"] + x["lede_overlap"] for _, x in found)
        for position, (_, x) in enumerate(found):
            x["best_overlap"] = float(x["overlap"] + x["lede_overlap"] == most and most > 0)
            x["nearest_to_block"] = float(position == len(found) - 1)
    return found


def headline(
    lines: list[str],
    rows: list[dict],
    block: tuple[int, int],
    rules_title: int | None,
    chrome: AbstractSet[int] = frozenset(),
) -> tuple[int | None, float]:
    """The headline's index (None when the page shows none) and its probability; lines in
    `chrome` (removed by a rule for sure) are not candidates.

    The candidates of a page compete (a conditional logit): each line's score against the others',
    and against "no headline here", whose score is 0. The line with the highest score is the
    headline when its score passes that by the margin learnt with the weights."""
    w = weights_of("headline")
    scored = [
        (sum(w.get(name, 0.0) * x[name] for name in HEADLINE_FEATURES), j)
        for j, x in headline_candidates(lines, rows, block, rules_title, chrome)
    ]
    if not scored:
        return None, 0.0
    top = max(score for score, _ in scored)
    total = math.exp(-top) + sum(math.exp(score - top) for score, _ in scored)
    best_score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
    p = math.exp(best_score - top) / total
    return (best, p) if best_score > w["threshold"] else (None, p)


@lru_cache(maxsize=4)
def weights_of(part: str) -> dict[str, float]:
    data = _saved().get(part, {})
    return {name: float(value) for name, value in data.get("weights", {}).items()} | {
        "threshold": float(data.get("threshold", 0.5))
    }

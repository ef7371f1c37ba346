"""Pure date handling: find full dates (day, month, year) in Russian and English text, format
them."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

RU_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
RU_MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_EN_SHORT = {m[:3]: i + 1 for i, m in enumerate(EN_MONTHS)} | {"sept": 9}

_MONTH_NUMBER = (
    {m: i + 1 for i, m in enumerate(RU_MONTHS)}
    | {m: i + 1 for i, m in enumerate(EN_MONTHS)}
    | _EN_SHORT
)
_RU = "|".join(RU_MONTHS)
_EN = "|".join(EN_MONTHS) + "|" + "|".join(sorted(_EN_SHORT, key=len, reverse=True))

# Datelines of pages in the neighbours' languages are read too (the editor then decides the
# language).
OTHER_MONTHS = (
    (
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ),
    (
        "студзеня",
        "лютага",
        "сакавіка",
        "красавіка",
        "мая",
        "чэрвеня",
        "ліпеня",
        "жніўня",
        "верасня",
        "кастрычніка",
        "лістапада",
        "снежня",
    ),
    (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
    (
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ),
)
_MONTH_NUMBER |= {m: i + 1 for i, m in enumerate(RU_MONTHS_NOMINATIVE)}
for _months in OTHER_MONTHS:
    _MONTH_NUMBER |= {m: i + 1 for i, m in enumerate(_months) if m not in _MONTH_NUMBER}
_RU_ANY = (
    _RU
    + "|"
    + "|".join(RU_MONTHS_NOMINATIVE)
    + "|"
    + "|".join(m for months in OTHER_MONTHS for m in months)
)
# A year, or a year run into the time after it ("Dec 20 201610:32 AM": a page's markup without a
# space).
_YEAR = r"(?P<y>\d{4})(?:(?!\d)|(?=\d{1,2}:\d{2}))"

_PATTERNS = (
    # 27 октября 2021 (года|г.) / 2 November 2025 / 05 Июнь 2013
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<m>{_RU_ANY}|{_EN})\.?,?\s+{_YEAR}", re.IGNORECASE
    ),
    # July 11, 2023 / Jan. 5 2024
    re.compile(rf"\b(?P<m>{_EN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.IGNORECASE),
    # 07.10.2025
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.]\d)"),
    # 2025-10-07, 2024-5-20
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
)
# 15.07.10 or 12.22.14: read only when one part cannot be a month (> 12), so the order is not a
# guess.
_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{2})(?![\d.]\d|\d)")

# What may surround a date on a dateline: times, view counters, "Published", "года".
_DATELINE_FILLER = re.compile(
    r"\d{1,2}:\d{2}(:\d{2})?|\b(года|год|г|гг|published|updated|posted|опубликовано|обновлено|"
    r"дата публикации|просмотров|просмотры|views|msk|мск|utc|gmt|am|pm|on|at|posted on|"
    r"опубликовано в|обновлено|updated)\b|[\d\s,.:;|/•·\-–—()]",
    re.IGNORECASE,
)


# "By Anna Lee | June 3, 2025", "Автор: Мария Иванова, 5 мая 2025"
_BYLINE = re.compile(r"\b(by|автор:?)\s+[A-ZА-ЯЁ][\w'.-]+(\s[A-ZА-ЯЁ][\w'.-]+){0,2}", re.IGNORECASE)


def _to_date(match: re.Match[str]) -> dt.date | None:
    month = match.group("m").lower().rstrip(".")
    number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month)
    try:
        return dt.date(int(match.group("y")), number or 0, int(match.group("d")))
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[dt.date, tuple[int, int]]]:
    """Every full, valid date in the text with its span, in text order."""
    found: list[tuple[dt.date, tuple[int, int]]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date and not any(s <= match.start() < e for _, (s, e) in found):
                found.append((date, match.span()))
    return sorted(found, key=lambda item: item[1])


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16384)
def dateline_date(line: str) -> dt.date | None:
    """The date when the line is nothing but a date (with time, counters, "Published" and the
    like)."""
    if len(line) > 80 or not _DIGIT.search(line, 0, 40):
        return None
    dates = find_dates(line)
    if not dates:
        short = _short_year_date(line)  # "15.07.10" alone on its line
        return short if short and not _DATELINE_FILLER.sub("", line).strip() else None
    rest = line
    for _, (start, end) in reversed(dates):  # a second date is the update time: "(обновлено: ...)"
        rest = rest[:start] + " " + rest[end:]
    rest = _BYLINE.sub("", rest)
    rest = _DATELINE_FILLER.sub("", rest)
    return dates[0][0] if not rest.strip() else None


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _short_year_date(line: str) -> dt.date | None:
    match = _SHORT_YEAR.search(line)
    if not match:
        return None
    a, b, year = int(match["a"]), int(match["b"]), 2000 + int(match["y"])
    day, month = (a, b) if a > 12 else (b, a) if b > 12 else (None, None)
    try:
        return dt.date(year, month, day) if day and month is not None else None
    except ValueError:
        return None


# What before a line's first date makes it the time of an update, not of publication ("Updated:
# April 07, 2020", «Обновлено 12.03.2024»).
_UPDATE_WORD = r"\b(updated|modified|обновлено|обновлена|обновлен|изменено|изменена)\b"
_UPDATE_WORD_RE = re.compile(_UPDATE_WORD, re.IGNORECASE)
_UPDATED_BEFORE = re.compile(_UPDATE_WORD + r"\W*(on|at|в)?\W*$", re.IGNORECASE)


def _update_stamp(line: str) -> bool:
    """Whether the line's first date is an update's (the dates are found only when it says so)."""
    if not _UPDATE_WORD_RE.search(line):
        return False
    found = find_dates(line)
    return bool(found) and bool(_UPDATED_BEFORE.search(line[: found[0][1][0]]))


@lru_cache(maxsize=16384)
def publication_date(line: str) -> dt.date | None:
    """The first date of a dateline that may also carry a byline, a place, a weekday, a section
    or an "updated" stamp ("By Paul Ausick December 29, 2014 4:11 pm EST", «Вятский край, (09:51)
    28 октября 2004 г.», "October 9, 2024, The Kremlin, Moscow"). Only for the line next to the
    headline: a line of prose with a date in it (more than eight other words) is not a dateline, and
    a line whose first date is an update's ("Updated: April 07, 2020") gives none."""
    if len(line) > 150 or not _DIGIT.search(line):
        return None
    if _update_stamp(line):  # "modified" is not "published"
        return None
    strict = dateline_date(line)
    if strict is not None:
        return strict
    found = find_dates(line)
    date = found[0][0] if found else _short_year_date(line)
    if date is None:
        return None
    rest = line
    for _, (start, end) in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    rest = _DATELINE_FILLER.sub(" ", _BYLINE.sub(" ", rest))
    if re.search(r"[«»“”\"]", rest):  # a quoted title beside the date: another article's line
        return None
    # two sentences: prose that mentions a date (not an initial: "By J.O. Haselhoef Apr. 26, 2022")
    if re.search(r"[^\W\d_]{2,}[.!?]\s+[A-ZА-ЯЁ]", line):
        return None
    return date if len(_WORDS.findall(rest)) <= 8 else None


def format_date(date: dt.date, lang: str) -> str:
    """ "27 октября 2021 г." / "27 October 2021" (one style on the English site: bylines, lists and
    search)."""
    if lang == "ru":
        return f"{date.day} {RU_MONTHS[date.month - 1]} {date.year} г."
    return f"{date.day} {EN_MONTHS[date.month - 1].capitalize()} {date.year}"

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
# Or a year of two digits after an apostrophe ("14 January '15").
_YEAR = r"(?:(?P<y>\d{4})(?:(?!\d)|(?=\d{1,2}:\d{2}))|['’](?P<y2>\d{2})(?!\d))"

_PATTERNS = (
    # 27 октября 2021 (года|г.) / 2 November 2025 / 05 Июнь 2013 / 30th December 2014
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<m>{_RU_ANY}|{_EN})\.?,?\s+{_YEAR}",
        re.IGNORECASE,
    ),
    # July 11, 2023 / Jan. 5 2024
    re.compile(rf"\b(?P<m>{_EN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.IGNORECASE),
    # 07.10.2025, or run into the time before it ("17:5912.03.2026": a page's markup without a
    # space)
    re.compile(r"(?:(?<![\d.])|(?<=:\d\d))(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.]\d)"),
    # 2025-10-07, 2024-5-20
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
)
# 15.07.10 or 12.22.14: day first, as dotted dates are written in Russian (and most of Europe),
# unless the second part cannot be a month (> 12).
_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>\d{2})(?![\d.]\d|\d)")
# «6 Мая 10»: a month's name with a year of two digits, read only on a line that is nothing but a
# date.
_SHORT_YEAR_NAMED = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{_RU_ANY}|{_EN})\.?,?\s+(?P<y2>\d{{2}})(?![\d.]\d|\d)",
    re.IGNORECASE,
)

# What may surround a date on a dateline: times, view counters, "Published", "года".
_DATELINE_FILLER = re.compile(
    r"\d{1,2}:\d{2}(:\d{2})?(\s*[ap]\.?m\b\.?)?|\b(года|год|г|гг|в|published|updated|posted|опубликовано|опубликована|"
    r"опубликован|обновлено|дата публикации|просмотров|просмотры|views|msk|мск|utc|gmt|am|pm|on|"
    r"at|posted on)\b|[\d\s,.:;|/•·\-–—()+]",
    re.IGNORECASE,
)


# "By Anna Lee | June 3, 2025", "Автор: Мария Иванова, 5 мая 2025"
_BYLINE = re.compile(r"\b(by|автор:?)\s+[A-ZА-ЯЁ][\w'.-]+(\s[A-ZА-ЯЁ][\w'.-]+){0,2}", re.IGNORECASE)


def _full_year(two_digits: str) -> int:
    """A year written with two digits, as POSIX `strptime` reads `%y`: 69–99 are the 1900s."""
    return (1900 if int(two_digits) >= 69 else 2000) + int(two_digits)


def _to_date(match: re.Match[str]) -> dt.date | None:
    month = match.group("m").lower().rstrip(".")
    number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month)
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else _full_year(groups["y2"])
    try:
        return dt.date(year, number or 0, int(match.group("d")))
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


@lru_cache(maxsize=4096)
def dateline_date(line: str) -> dt.date | None:
    """The date when the line is nothing but a date (with time, counters, "Published" and the
    like)."""
    if len(line) > 80 or not _DIGIT.search(line, 0, 40):
        return None
    dates = find_dates(line)
    if not dates:
        short = _short_year_date(line)  # "15.07.10" or «6 Мая 10» alone on its line
        rest = (_SHORT_YEAR_NAMED.sub(" ", line) if short else "").strip()
        return short if short and not _DATELINE_FILLER.sub("", rest).strip() else None
    rest = line
    for _, (start, end) in reversed(dates):  # a second date is the update time: "(обновлено: ...)"
        rest = rest[:start] + " " + rest[end:]
    rest = _BYLINE.sub("", rest)
    rest = _DATELINE_FILLER.sub("", rest)
    return dates[0][0] if not rest.strip() else None


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _short_year_date(line: str) -> dt.date | None:
    named = _SHORT_YEAR_NAMED.search(line)
    return _to_date(named) if named else _dotted_short_year_date(line)


def _dotted_short_year_date(line: str) -> dt.date | None:
    match = _SHORT_YEAR.search(line)
    if not match:
        return None
    a, b, year = int(match["a"]), int(match["b"]), _full_year(match["y"])
    day, month = (b, a) if b > 12 else (a, b)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A company's name in quotes after its legal form (ПАО «ОАК»): a source, not a quoted title.
_COMPANY = re.compile(
    r"\b(ПАО|ОАО|АО|ЗАО|ООО|НАО|ГК|ФГУП|ФГБУ|АНО|НПО|АК|Госкорпорация)\s*«[^«»]{1,80}»"
)

# A label that says the date on the next line is an update's ("Updated:", «Обновлено:»).
_UPDATE_LABEL = re.compile(
    r"\W*(last\s+)?(updated|modified|обновлено|обновлена|изменено)(\s+(on|at))?\W*", re.IGNORECASE
)


def update_label(line: str) -> bool:
    """Whether the line is nothing but a label for an update time ("Updated:", «Обновлено»)."""
    return bool(_UPDATE_LABEL.fullmatch(line))


# A word that says the date beside it is the publication's ("Опубликована 16.07.2025 в 10:35").
_PUBLISHED_WORD = re.compile(
    r"\b(published|posted|опубликовано|опубликована|опубликован|дата публикации)\b", re.IGNORECASE
)


def says_published(line: str) -> bool:
    return bool(_PUBLISHED_WORD.search(line))


# The head of a lead paragraph that opens on a place and a date, before a dash or a slash
# ("Москва, 28 апреля, 2023, 13:21 — ИА Регнум. …", "MOSCOW, March 5, 2024 / TASS /. …").
_LEAD_HEAD = re.compile(
    r"(?P<place>[^\W\d_][\w.\- ]{0,30}?,\s*)?(?P<date>[^—–/]{6,40}?)\s*(?:—|–|-\s|/)"
)


def lead_date(line: str) -> dt.date | None:
    """The date at the head of a lead paragraph, written as agencies do: an optional place, the
    date (a time may follow it), then a dash or a slash before the text. Nothing else may stand
    before the dash: a date inside a sentence is what the article is about, not when it was
    published."""
    head = _LEAD_HEAD.match(line)
    if head is None:
        return None
    return dateline_date(head["date"].strip(" ,"))


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


@lru_cache(maxsize=4096)
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
    date = found[0][0] if found else _dotted_short_year_date(line)
    if date is None:
        return None
    rest = line
    for _, (start, end) in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    rest = _DATELINE_FILLER.sub(" ", _BYLINE.sub(" ", _COMPANY.sub(" ", rest)))
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


# An agency's dateline at the head of a lead: a place, the day (a year and time may follow), then
# the agency, slashed, after a dash or before one: «МОСКВА, 5 декабря. /ТАСС/.», «МОСКВА, 5 дек —
# РИА Новости.», «Красноярск. 5 декабря. ИНТЕРФАКС -», "MOSCOW, March 5 (Reuters) -". Without a
# year it dates nothing, but it is no part of the first sentence.
_RU_SHORT = "|".join(sorted({m[:3] for m in RU_MONTHS} | {"сент"}, key=len, reverse=True))
_AGENCY_DATELINE = re.compile(
    r"(?:[^\W\d_][\w\-]*(?:[ \-][^\W\d_][\w\-]*){0,3}[.,]\s*)?"
    rf"(?:\d{{1,2}}\s+(?:{_RU_ANY}|{_EN}|{_RU_SHORT})\.?|(?:{_EN})\.?\s+\d{{1,2}})"
    r"(?:,?\s+\d{4}(?:\s*г\.?)?)?(?:,?\s+(?:в\s+)?\d{1,2}:\d{2})?[.,]?\s*"
    r"(?-i:/\s*[^/\n]{2,25}?\s*/\.?|\([^()\n]{2,25}\)\s*[—–-]"
    r"|[—–-]\s*(?:ИА\s+)?(?:«[^»\n]{1,25}»|[A-ZА-ЯЁ]\w*(?:\s+[A-ZА-ЯЁ]\w*){0,2})\."
    r"|(?:ИА\s+)?[A-ZА-ЯЁ]{3,}(?:\s+[A-ZА-ЯЁ]\w+)?\s*[—–-])\s+(?=[\"«“„]?[A-ZА-ЯЁ0-9])",
    re.IGNORECASE,
)


def agency_dateline(text: str) -> int:
    """How many characters at the head of the text are an agency's dateline (0: none)."""
    match = _AGENCY_DATELINE.match(text)
    return match.end() if match else 0

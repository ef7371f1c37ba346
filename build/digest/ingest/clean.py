"""Pure: seed text -> article paragraphs, plus a verdict per line saying what was kept or removed
and why.

Lines are classified in order. The head of the seed (everything before the first body paragraph)
may hold an outlet header, a pull quote, the headline and a dateline; after an end marker such
as "Other news" or «Возврат к списку» only long prose is still taken for article text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from collections.abc import Set as AbstractSet
from functools import lru_cache

from digest.ingest import linemodel
from digest.model import Cleaned, LineVerdict
from digest.text import dates
from digest.text.lang import split_sentences

# Rule names used in verdicts (and by meta.py to find the title, dateline, source and credits).
TITLE, DATELINE, OUTLET, PULL_QUOTE, CREDIT, COPYRIGHT, TEXT = (
    "title",
    "dateline",
    "outlet header",
    "pull quote repeated in the text",
    "photo credit",
    "copyright or reprint terms",
    "text",
)
AUTHOR = "author's name, outside the article's text"
ALONE = "a word alone outside the article's text (a section, a menu item, a site's address)"

_FLAGS = re.IGNORECASE
# A word alone, perhaps with a count: «Экономика», «ОБЩЕСТВО 12», "Multimedia", or a site's
# address («1000inf.ru»); not a heading of the article's own ("Highlights" over its key points,
# «Справка» over its background).
_ONE_WORD = re.compile(
    r"^(?!(highlights|background|summary|главное|кратко|справка|подробности)$)"
    r"([^\W\d_][\w-]*(\s+\d+)?|(www\.)?[\w-]+(\.[\w-]+)*\.(ru|рф|su|com|org|net|info|media))$",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"\bcookies?\b|\bкуки\b|cookie-файл|персональных данных|политик\w* конфиденциальности|"
    r"privacy policy",
    _FLAGS,
)
_COOKIE_KEYS = re.compile(r"cookie|куки|персональн|конфиденциальн|privacy")
_COPYRIGHT_KEYS = re.compile(
    r"copyright|©|\(c\)|rights|права|материал|информаци|reference|ссылка|перепечат|reproduc|reprint|"
    r"свидетельств"
)
_CONSENT_BUTTON = re.compile(
    r"^(согласен|согласна|я согласен|принять|принимаю|понятно|хорошо|закрыть|ok|окей|accept|"
    r"accept all|i agree|agree|got it|close|allow all|reject all|отклонить|подробнее)\W*$",
    _FLAGS,
)
_END_MARKER = re.compile(
    r"^(other news|more news|latest news|related( news| articles| stories| posts)?|"
    r"read (also|more)|see also|you may also like|more from .{1,40}|"
    r"(возврат|вернуться|назад) к (списку|ленте)( \w+){0,2}|назад|читайте также|читать также|"
    r"другие новости( читайте (тут|здесь))?|похожие новости|новости по теме|"
    r"все новости за (сегодня|день|неделю|месяц)(\s*\(\d+\))?|"
    r"смотрите также|еще новости|ещё новости|все новости|материалы по теме|лента новостей|"
    r"последние новости|популярное|(еще|ещё|другие материалы) по теме|главное( сейчас)?|"
    r"главные (новости|события)|горячие новости|самое (интересное|популярное|читаемое)|"
    r"больше новостей|you may have missed|you may also like( these articles)?|"
    r"suggested (articles|stories|reading)|stories chosen for you|"
    r"recommended (for you|stories|articles)|"
    r"most (read|popular|viewed)|trending( now)?|editor'?s picks)\W*$",
    _FLAGS,
)
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\s+\d{4}|all rights reserved|все права (защищены|сохранены)|"
    r"при (использовании|цитировании|перепечатке|копировании) (материалов|информации)|"
    r"at use of materials|reference to .{0,40}obligatory|"
    r"ссылка на (источник|сайт|первоисточник) обязательна|перепечатка .{0,40}(запрещена|разрешена)|"
    r"reproduction .{0,40}(prohibited|permitted)|reprint|"
    r"использование материалов .{0,40}(допускается|разрешено|разрешается|запрещено)|"
    r"свидетельство о регистрации (сми|средства массовой информации|эл\b)",
    _FLAGS,
)
_SITE_CREDITS = re.compile(
    r"^(made in|made by|сделано в|разработка сайта|создание сайта|сайт разработан|designed by|"
    r"powered by|developed by)\b.{0,50}$",
    _FLAGS,
)
_PHOTO_CREDIT = re.compile(
    r"^(?:фото|фотография|фотографии|источник фото|иллюстрация|иллюстрации|photo|photos|image|"
    r"picture|credit|"
    r"photo credit)(?:\s+(?:с сайта|из открытых источников|by|from|courtesy of|предоставлено))?"
    r"\s*[:—–-]?\s*(?P<who>.{1,80})$",
    _FLAGS,
)
# A source credit: "Источник: metal-expo.ru", "Источник и фото - ria.ru", "Source: Reuters".
_SOURCE_CREDIT = re.compile(
    r"^(?:источник(?:\s+(?:новости|информации|фото|и фото))?|source)"
    r"(?:\s*:|\s+[—–-](?=\s)|\s+(?=[\w.-]+\.[a-zа-я]{2,}\b)|$)\s*(?P<who>.{0,230})$",
    _FLAGS,
)
_SHARE_WORDS = {
    "поделиться",
    "share",
    "tweet",
    "vk",
    "вконтакте",
    "telegram",
    "телеграм",
    "одноклассники",
    "ok.ru",
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "viber",
    "email",
    "e-mail",
    "print",
    "печать",
    "версия",
    "для",
    "печати",
    "linkedin",
    "reddit",
    "pinterest",
    "дзен",
    "rutube",
    "youtube",
    "in",
    "this",
    "on",
    "copy",
    "link",
    "скопировать",
    "ссылку",
}
_OUTLET = re.compile(
    r"^(?i:новости|news from|пресс-релиз|press release)\s+(?P<a>.{2,60})$"
    r"|^(?P<b>[A-Z][\w&.\- ]{1,40}) News$"
)
_BROWSER_NOTICE = re.compile(
    r"^(для просмотра .{0,30})?(включите|enable|please enable) javascript|"
    r"^(your browser does not support|ваш браузер не поддерживает)",
    re.IGNORECASE,
)
_SHORT_LINE_RULES = (
    ("end marker", _END_MARKER),
    (
        "view or comment counter",
        re.compile(
            r"^(\d[\d\s]*|(просмотров|просмотры|просмотр|views|comments|комментарии|комментариев|likes|лайков)\W*[\d\s]*|"
            r"[\d\s]+(просмотров|просмотра|views|comments|комментариев))$",
            re.IGNORECASE,
        ),
    ),
    (
        "comments",
        re.compile(
            r"^(комментарии|comments)\s*(\(\d+\))?$|^(оставить|добавить|написать) комментарий"
            r"|^(leave|add|post|write) a comment|^(нет комментариев|обсудить|обсудим|"
            r"правила комментирования|no comments( yet)?)\W*$|"
            r"^(комментарии могут оставлять|материал доступен для комментирования)|"
            r"^(view/post|view|show|hide) comments\W*\d*$|"
            r"^(start|join) the (discussion|conversation)\W*$|"
            r"^you must (log ?in|be logged in|login or create an account) to "
            r"(comment|report|recommend)|"
            r"scroll down to comment|^your email address will not be published|"
            r"^save my name,? (and )?email .{0,40}next time I comment",
            re.IGNORECASE,
        ),
    ),
    (
        "breadcrumbs",
        re.compile(r"^[^.!?]{1,40}(\s(/|>|»|→|›|\|)\s[^.!?/>»→›|]{1,40}){1,6}$"),
    ),
    (
        "accessibility or print toggle",
        re.compile(
            r"^(версия для (слабовидящих|печати)|обычная версия( сайта)?|"
            r"(version|site) for the visually impaired|accessibility( mode)?|"
            r"print( version| this page)?|printer[- ]friendly( version)?|распечатать)\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(by|автор|авторы|текст|author|written by|фото и текст)\s*:?\s+"
            r"[A-ZА-ЯЁ][\w.\-']*(\s[A-ZА-ЯЁ][\w.\-']*){0,3}$|"
            r"^(reporting|additional reporting|writing|editing) by .{1,80}$|"
            r"^(by|автор|авторы|author|authors)\s*:?$",
            re.IGNORECASE,
        ),
    ),
    (
        "reading time",
        re.compile(
            r"^\d+\s*(min|mins|minutes|мин|минут[аы]?)\.?\s*(read|чтения|на чтение)?$",
            re.IGNORECASE,
        ),
    ),
    (
        "related link",
        re.compile(
            r"^(related|see also|read also|читайте также|смотрите также|по теме)\s*:\s*\S",
            re.IGNORECASE,
        ),
    ),
    (
        "navigation link",
        re.compile(
            r"^((back|return) to|(вернуться|назад) (в|на)|download|скачать|читать на сайте|"
            r"подробнее читайте на|read (it )?on)\b.{0,40}$|"
            r"^(читать в полной версии|открыть полностью|полный текст( новости)?|дальше|"
            r"read the full (story|article)|continue reading)\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        "tags",
        re.compile(
            r"^(теги|тэги|метки|tags|tagged|рубрики?|keywords|ключевые слова)\s*:|"
            r"^#\s?[^\W\d_][\w\-]*(\s[\w\-]+){0,2}$|"  # a hashtag: «# КРЭТ», "#energy"
            r"^(filed under|posted in|categories|topics)\s*:",
            re.IGNORECASE,
        ),
    ),
    (
        "press contacts",
        re.compile(
            r"^(контакты для (сми|прессы)|media contacts?|press contacts?|for media inquiries|"
            r"пресс-служба:?)\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        "contact details",
        re.compile(
            r"^(тел\.?|телефон|tel\.?|phone|факс|fax|e-?mail|эл\. почта)\s*:|"
            r"^(связаться с нами|свяжитесь с нами|телефон|адрес( главного офиса| редакции)?|"
            r"contact us)\W*$|^[\w.+-]+@[\w-]+(\.[\w-]+)+$|"
            r"^(twitter|x|instagram|facebook|telegram)\s*:\s*@\w+$",
            re.IGNORECASE,
        ),
    ),
    ("site credits", _SITE_CREDITS),
    (
        # a credit under a photo or the text, naming who gave it: «Пресс-служба Губернатора
        # области», «Редакция сайта ТАСС», «Сообщает Минпромторг»; not a headline with a verb
        # («Пресс-служба Кремля опровергла слухи»)
        "press service or newsroom credit",
        re.compile(
            r"^(пресс-служб[аы]|пресс-центр|press (service|office)|редакция|сообщает)\b"
            r"(?!.*[а-яё](ла|ло|ли|ил|ал|ет|ит|ют|ят|ут|ся)\b)[^.!?:]{0,70}$",
            re.IGNORECASE,
        ),
    ),
    (
        "typo prompt",
        re.compile(
            r"^(нашли|заметили) (ошибку|опечатку)( в тексте)?\W*$|^выделите (её|ее)\b|"
            r"^орфографическая ошибка\W*$|^(ctrl|shift|alt)\s*\+\s*\w+$",
            re.IGNORECASE,
        ),
    ),
    (
        "call for news tips",
        re.compile(
            r"^(есть новость|есть тема|напишите нам|сообщите нам|got a (news )?tip)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "advertising",
        re.compile(
            r"^(реклама|advertisement|advertising|sponsored( content)?|на правах рекламы|"
            r"место для (размещения )?(рекламы|информации от партнеров))\W*$",
            re.IGNORECASE,
        ),
    ),
    (
        "interface text",
        re.compile(
            r"^(toggle caption|view full size|view all|show all|show more|load more|"
            r"this is a modal window|a password will be e-?mailed to you|forgot (your )?password|"
            r"log ?in|sign ?in|log ?out|sign up( now)?|register|войти|регистрация|выйти|"
            r"о проекте|о компании|о нас|about us|about the project|"
            r"share this (story|article|url|page|post)|social share|save (this )?(story|article)"
            r"( for later)?|slideshow( \(? ?\d+ images? ?\)?)?|photos?: \d+ of \d+)\W*$|"
            r"^(updated|обновлено|published|опубликовано)\s*:?$|^\{\{.*\}\}$",
            re.IGNORECASE,
        ),
    ),
    ("ad slot name", re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+){2,}$")),
    ("punctuation only", re.compile(r"^[|/\\•·*_=~<>\-]+$")),
    (
        "time stamp",
        # a time alone, or a day and month without a year beside it: «Калининград, 03 июн, 15:30»
        re.compile(
            r"^([^\W\d][\w\- ]{1,30},\s*)?"
            r"((\d{1,2}\s+[^\W\d]{3,9}\.?|[^\W\d]{3,9}\.?\s+\d{1,2}),?\s+"
            r"(в\s+|at\s+)?)?\d{1,2}:\d{2}(\s*(мск|msk|utc|gmt|am|pm|a\.m\.|p\.m\.))?$",
            re.IGNORECASE,
        ),
    ),
    ("browser notice", _BROWSER_NOTICE),
)
# One pass instead of one search per rule: every rule is anchored at the line start, so the first
# alternative that matches is the first rule in the table that matches.
_SHORT_LINES = re.compile(
    "|".join(f"(?P<r{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(_SHORT_LINE_RULES)),
    re.IGNORECASE,
)
_TYPO = re.compile(
    r"(нашли (ошибку|опечатку)|found (a|an) (typo|error|mistake)|"
    r"spotted (a|an) (typo|error|mistake)).{0,80}(ctrl|выделите|выбрав|нажмите|select|highlight)",
    re.IGNORECASE,
)
_SUBSCRIBE = re.compile(
    r"^(\d{1,3}\s+)?(подписывайтесь|подпишитесь|subscribe|sign up for (our|the) newsletter|"
    r"follow us|следите за нами)\b",  # a counter of the button's clicks may come first
    re.IGNORECASE,
)
# A paywall's or a membership's offer, in up to three sentences: "You’re reading a free article …
# Become a Motley Fool member today to get … Learn More".
_OFFER = re.compile(
    r"^(become an? (\S+ ){0,3}(member|subscriber|supporter|part of)|be the first to know|"
    r"you[’']re reading (a|one of your) free articles?|оформите подписку|"
    r"станьте (нашим )?(подписчиком|участником|членом|частью))\b",
    re.IGNORECASE,
)
# A call to read the outlet elsewhere, not a sentence (no full stop): «Следите за развитием событий
# в нашем Телеграм-канале», «Читайте все новости Информетра на Яндексе и Google».
_READ_US_ELSEWHERE = re.compile(
    r"^(следите|читайте|читать|перейти|переходите|присоединяйтесь|мы в|самые .{1,40})\b.{0,100}"
    r"\b(telegram|телеграм\w*|дзен\w*|max|вконтакте|vk|соц\w* сет\w*|яндекс\w*|google)\b[^.]*$",
    re.IGNORECASE,
)
_PULL_QUOTE = re.compile(r"^[A-ZА-ЯЁ][\w.\- ]{2,60}:\s*[«“\"„]")
_TERMINAL = ".!?…"
_BODY_MIN_CHARS = 200  # a line this long (or of two sentences) is article text, which ends the head


# Control and format characters (C0, C1, zero-width and bidirectional marks, BOM) become spaces.
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\s]+"
)


def normalize_line(line: str) -> str:
    """NFC, no control or invisible characters, single spaces (NBSP and tabs included), stripped."""
    line = unicodedata.normalize("NFC", line)
    if line.isprintable():  # the common case: only spaces to collapse
        return " ".join(line.split())
    return _INVISIBLE.sub(" ", line).strip()


def _is_share_line(line: str) -> bool:
    if len(line) > 60 or line[-1:] in _TERMINAL:
        return False
    tokens = [t.strip(":;.") for t in re.split(r"[\s,|/•·]+", line.lower()) if t.strip(":;.")]
    return (
        bool(tokens)
        and all(t in _SHARE_WORDS for t in tokens)
        and any(t not in {"in", "this", "on", "для"} for t in tokens)
    )


def _is_body(line: str) -> bool:
    return len(line) >= _BODY_MIN_CHARS or (
        any(c in line for c in ".!?…") and len(split_sentences(line)) >= 2
    )


def _looks_like_headline(line: str) -> bool:
    return (
        10 <= len(line) <= 200
        and len(line.split()) >= 2
        and not line.endswith(":")
        and not _is_body(line)
    )


def _similar(a: str, b: str) -> bool:
    """Same words, ignoring case, punctuation and a speaker prefix ("Name: «...»")."""
    wa, wb = re.findall(r"\w+", a.lower()), re.findall(r"\w+", b.lower())
    if not wa or not wb:
        return False
    sa, sb = set(wa), set(wb)
    return len(sa & sb) / min(len(sa), len(sb)) >= 0.9


def _headline_candidate(line: str, next_line: str, printed_twice: bool = False) -> bool:
    """A headline: short, not a sentence run, not a wrapped line; one ending like a sentence only
    above a dateline, or printed twice in a row (the page's heading, then the article's)."""
    sentence_like = line.rstrip('"»”’)')[-1:] in ".!?" and not line.endswith("...")
    return (
        _looks_like_headline(line)
        and not next_line[:1].islower()
        and (not sentence_like or printed_twice or dates.dateline_date(next_line) is not None)
    )


def _next_content(lines: list[tuple[int, str]], index: int) -> str:
    """The next line after `index`, skipping chrome and repeats of that line (a headline printed
    twice)."""
    line = lines[index][1]
    for position in range(index + 1, len(lines)):
        other = lines[position][1]
        if other != line and (
            not _chrome_rule(other) or dates.dateline_date(other) is not None
        ):  # a byline with the date is a dateline
            return other
    return ""


_SITE_NAME_SEPARATOR = re.compile(r"\s+[-—–|:]{1,2}\s+")


PAGE_TITLE = "page title with the site's name"


def _page_title_head(line: str, lines: Container[str]) -> str | None:
    """The headline in the window's title the browser saved with the page: a line of the page
    followed by the site's name ("В Петербурге появится … комплекс - Агентство Бизнес Новостей")."""
    for separator in _SITE_NAME_SEPARATOR.finditer(line):
        head, tail = line[: separator.start()], line[separator.end() :]
        if len(tail) <= 60 and head in lines and len(head.split()) >= 3:  # cheapest test first
            return head
    return None


def _page_title(line: str, lines: Container[str]) -> str | None:
    return PAGE_TITLE if _page_title_head(line, lines) else None


def _is_header_word_line(line: str) -> bool:
    """A menu item, section name or outlet name: at most three words, no sentence punctuation."""
    return len(line) <= 40 and len(line.split()) <= 3 and not re.search(r"[.!?,;:]$", line)


def _fuller_headline_follows(
    lines: list[tuple[int, str]], index: int, kept: AbstractSet[str] = frozenset()
) -> bool:
    """Whether the next line of content after this one (past chrome, datelines and other
    one-to-three-word lines, and repeats of the `kept` lines above) is a headline of four or more
    words."""
    for position in range(index + 1, len(lines)):
        line = lines[position][1]
        if (
            dates.dateline_date(line) is not None
            or _chrome_rule(line)
            or _is_header_word_line(line)
            or line in kept
        ):
            continue
        next_line = _next_content(lines, position)
        return (
            len(line.split()) >= 4 and not _is_body(line) and _headline_candidate(line, next_line)
        )
    return False


def _is_prose(line: str) -> bool:
    """A line of article prose: a long paragraph, or a sentence of ten words or more in sentence
    case."""
    return _is_body(line) or (
        len(line.split()) >= 10 and line[-1:] in _TERMINAL + '»"”' and _title_case_share(line) < 0.6
    )


def _title_case_share(line: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) > 3]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _known_line(lines: list[tuple[int, str]], wanted: str) -> int | None:
    """Where a line the page declares (its headline) first stands."""
    plain = normalize_line(wanted)
    return next((index for index, (_, line) in enumerate(lines) if line == plain), None)


def _headline_index(lines: list[tuple[int, str]]) -> int | None:
    """The headline next to the dateline when the head holds several headline-like lines.

    News pages print the date right under (or above) the headline; an organisation's name or a
    section title above it is then not the headline.
    """
    candidates = []
    for index, (_, line) in enumerate(lines[:15]):
        if _chrome_rule(line):
            continue  # a cookie banner above the headline reads like prose but ends no head
        if _is_body(line) and not _is_header_word_line(
            line
        ):  # «Иннопром. Центральная Азия» is a name, not prose
            break
        next_line = _next_content(lines, index)
        if (
            dates.dateline_date(line) is None
            and not _chrome_rule(line)
            and _headline_candidate(line, next_line)
        ):
            candidates.append(index)
    if len(candidates) < 2:
        return None
    first: dict[str, int] = {}
    for index, (_, line) in enumerate(lines):
        first.setdefault(line, index)

    def skipped(
        index: int,
    ) -> bool:  # chrome between (a "3 min read"), or a line printed twice
        line = lines[index][1]
        return first[line] < index or (
            bool(_chrome_rule(line)) and dates.dateline_date(line) is None
        )

    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < len(lines) and skipped(index):
            index += step
        return lines[index][1] if 0 <= index < len(lines) else ""

    for index in candidates:
        around = [neighbour(index, -1), neighbour(index, 1)]
        sentence_like = (
            lines[index][1].rstrip('"»”’)')[-1:] in ".!?"
        )  # a subtitle under the headline ends like a sentence
        if not sentence_like and any(dates.dateline_date(line) is not None for line in around):
            return index
    return None


def classify_by_rules(text: str, headline: str | None = None) -> list[LineVerdict]:
    """One verdict per non-blank line, in order, by the hand-written rules alone (a feature of the
    model); `headline`: the headline when the page declares it (an HTML page, whose text
    trafilatura took from the article's own markup): no rule second-guesses it, nor cuts title-case
    lines after the last sentence (a list closing the article there; the links below an article are
    gone already)."""
    lines = [(number, normalize_line(raw)) for number, raw in enumerate(text.split("\n"), start=1)]
    lines = [(number, line) for number, line in lines if line]
    first_seen: dict[str, int] = {}
    for i, (_, line) in enumerate(lines):
        first_seen.setdefault(line, i)
    # The article's last sentence: copyright and other chrome lines read like prose but are not it
    # (else a label between them and the text survives the first cleaning and not the second).
    last_prose = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if first_seen[lines[i][1]] == i
            and _is_prose(lines[i][1])
            and not _chrome_rule(lines[i][1])
            and dates.dateline_date(lines[i][1]) is None
        ),
        -1,
    )
    headline_at = _known_line(lines, headline) if headline else _headline_index(lines)
    verdicts: list[LineVerdict] = []
    in_head, after_end, title_seen, dateline_seen = True, False, None, False
    kept_lines: set[str] = set()

    def verdict(number: int, line: str, kept: bool, rule: str) -> None:
        verdicts.append(LineVerdict(number=number, text=line, kept=kept, rule=rule))

    for index, (number, line) in enumerate(lines):
        date = dates.dateline_date(line)
        if date is not None:
            if in_head and not dateline_seen:
                dateline_seen = True
                verdict(number, line, False, DATELINE)
            else:
                verdict(
                    number,
                    line,
                    False,
                    "timestamp (an update time, or another article's)",
                )
            continue
        rule = _chrome_rule(line) or _page_title(line, first_seen)
        if rule:
            if rule in ("end marker", "press contacts"):
                after_end = True
            verdict(number, line, False, rule)
            continue
        if in_head and title_seen is None and _OUTLET.match(line) and not line.endswith("."):
            verdict(number, line, False, OUTLET)
            continue
        if after_end and not _is_body(line):
            verdict(number, line, False, "after an end marker, not article prose")
            continue
        if (
            in_head
            and title_seen is None
            and _PULL_QUOTE.match(line)
            and not _is_body(_next_content(lines, index))
        ):  # a pull quote stands above the headline; "Name: «quote»" over the lede is the headline
            quote = line.split(":", 1)[1]
            if any(_similar(quote, other) for _, other in lines[index + 1 :]):
                verdict(number, line, False, PULL_QUOTE)
                continue
        if title_seen is not None and line == title_seen:
            verdict(number, line, False, "headline repeated")
            continue
        if (
            in_head
            and title_seen is None
            and _is_header_word_line(line)
            and _fuller_headline_follows(lines, index, kept_lines)
        ):
            verdict(number, line, False, "menu, section or outlet name above the headline")
            continue
        if line in kept_lines:
            verdict(number, line, False, "repeated line")
            continue
        if in_head and title_seen is None and headline_at is not None and index < headline_at:
            verdict(number, line, False, "outlet or section name above the headline")
            continue
        next_line = _next_content(lines, index)
        if dateline_seen and dates.dateline_date(next_line) is not None:
            next_line = (
                ""  # a second dateline is a timestamp: it makes no sentence above it a headline
            )
        if (
            in_head
            and title_seen is None
            and (
                index == headline_at
                if headline
                else not kept_lines
                and _headline_candidate(
                    line, next_line, index + 1 < len(lines) and lines[index + 1][1] == line
                )
            )
        ):
            title_seen = line
            verdict(number, line, False, TITLE)
            continue
        if (
            not headline
            and index > last_prose >= 0
            and len(line.split()) >= 4
            and _title_case_share(line) >= 0.8
            and not _is_body(line)
        ):
            verdict(
                number,
                line,
                False,
                "title-case line after the article (a link or a label)",
            )
            continue
        if _is_body(line):
            in_head = False
        kept_lines.add(line)
        verdict(number, line, True, TEXT)
    return verdicts


# Removals by rule that the model does not judge again: on the development pages they removed
# thousands of chrome lines and no more than one article line each (benchmarks/cleaning.py). The
# others (the end marker's tail, names above a guessed headline, the rules' own headline and
# dateline) lost article lines on whole pages: there the model decides.
_JUDGED_AGAIN = frozenset(
    {
        "after an end marker, not article prose",
        "outlet or section name above the headline",
        TITLE,
        DATELINE,
    }
)


# Removals relative to the rules' own guess of the headline: such a line may be the headline.
_ABOVE_THE_RULES_HEADLINE = frozenset(
    {
        "menu, section or outlet name above the headline",
        "outlet or section name above the headline",
    }
)


def removed_for_sure(verdict: LineVerdict, index: int, block: tuple[int, int]) -> bool:
    """Whether a rule's removal stands without the model: always for most rules; for the end
    marker's tail only below the article's main block (a menu word above or inside it ends
    nothing)."""
    if verdict.kept:
        return False
    if verdict.rule == "after an end marker, not article prose":
        return index > block[1]
    if verdict.rule == "outlet or section name above the headline":
        return index < block[0]
    return verdict.rule not in _JUDGED_AGAIN


def classify(text: str, headline: str | None = None) -> list[LineVerdict]:
    """One verdict per non-blank line, in order: the headline and dateline found next to the
    article's main block, then every other line judged by the learnt model (linemodel.py);
    `headline`: the one an HTML page declares.

    What survives is judged again, as the cleaned text reads (headline and dateline first, then the
    kept lines), until nothing changes (at most three rounds), so that cleaning the cleaned text
    changes nothing: a line's features depend on its neighbours, and removing chrome changes them.
    The headline model learns on both forms of each page (benchmarks/train_cleaner.py)."""
    verdicts = _classify_once(text, headline)
    for _ in range(3):
        survivors = as_cleaned(verdicts)
        again = _classify_once("\n".join(v.text for v in survivors), headline)
        changed = {
            s.number: a._replace(number=s.number)
            for s, a in zip(survivors, again, strict=False)
            if (s.kept, s.rule) != (a.kept, a.rule)
        }
        if not changed:
            break
        verdicts = [changed.get(v.number, v) for v in verdicts]
    return verdicts


def as_cleaned(verdicts: list[LineVerdict]) -> list[LineVerdict]:
    """The lines as the cleaned text reads: the headline and dateline first, then the kept lines."""
    return [v for v in verdicts if v.rule in (TITLE, DATELINE)] + [v for v in verdicts if v.kept]


def not_headlines(by_rules: list[LineVerdict], block: tuple[int, int]) -> set[int]:
    """The lines a rule removes for sure, which cannot be the headline (those the rules put above
    their own guess of the headline may be)."""
    return {
        i
        for i, v in enumerate(by_rules)
        if removed_for_sure(v, i, block) and v.rule not in _ABOVE_THE_RULES_HEADLINE
    }


def _classify_once(text: str, headline: str | None = None) -> list[LineVerdict]:
    by_rules = classify_by_rules(text, headline)
    lines = [v.text for v in by_rules]
    rule_chrome = [_chrome_rule(line) is not None for line in lines]
    judged, block, rows = linemodel.judge(
        lines, rule_chrome, [not v.kept and v.rule != TITLE for v in by_rules]
    )
    rules_title = next((i for i, v in enumerate(by_rules) if v.rule == TITLE), None)
    sure = not_headlines(by_rules, block)
    if headline:
        title_at = rules_title
    else:
        title_at, _ = (
            linemodel.headline(lines, rows, block, rules_title, sure) if lines else (None, 0.0)
        )
    window = _headline_in_window_title(lines, by_rules, sure) if not headline else None
    if window is not None:  # the page names its headline in the window's title
        title_at = window
    if title_at is None and rules_title is not None and rules_title <= block[0]:
        # no candidate is likely enough: the rules' headline, if it heads the article
        title_at = rules_title
    dateline_at = _dateline_index(lines, title_at, block, sure)
    threshold = linemodel.weights()["threshold"]
    verdicts, kept_texts = [], set()
    for i, (v, j) in enumerate(zip(by_rules, judged, strict=False)):
        if i == title_at:
            rule, kept = TITLE, False
        elif i == dateline_at:
            rule, kept = DATELINE, False
        elif title_at is not None and lines[i] == lines[title_at]:
            rule, kept = "headline repeated", False
        elif lines[i] in kept_texts:
            rule, kept = "repeated line", False
        elif dates.dateline_date(lines[i]) is not None:
            rule, kept = "timestamp (an update time, or another article's)", False
        elif removed_for_sure(v, i, block):
            rule, kept = v.rule, False
        elif _byline_place(i, title_at, block) and linemodel.is_author_line(lines[i]):
            rule, kept = AUTHOR, False
        elif not block[0] <= i <= block[1] and _ONE_WORD.match(lines[i]):
            rule, kept = ALONE, False
        elif title_at is not None and i < title_at and i < block[0] and not rows[i]["prose"]:
            rule, kept = "above the headline", False
        elif j.chrome > threshold:
            rule, kept = "chrome", False
        else:
            rule, kept = TEXT, True
        if kept:
            kept_texts.add(lines[i])
        text = v.text
        if rule == TITLE and text.endswith(".") and not text.endswith(".."):
            # as the title reads (a headline ends like a sentence only where the page printed it
            # twice, or above a dateline): the cleaned text, cleaned again, finds it again
            text = text[:-1]
        verdicts.append(LineVerdict(v.number, text, kept, rule, j.chrome, j.why))
    return verdicts


def _byline_place(i: int, title_at: int | None, block: tuple[int, int]) -> bool:
    """Where a line of names is a byline, not the article's: below its main block, above the
    headline, or near below the headline (a name further down, above the text, may head a part of
    the article: an economist's forecast under his name)."""
    if i > block[1]:
        return True
    return i < block[0] and (title_at is None or i < title_at or i - title_at <= 8)


def _headline_in_window_title(
    lines: list[str], by_rules: list[LineVerdict], sure: AbstractSet[int]
) -> int | None:
    """Where the headline stands that the window's title saved with the page repeats, if any."""
    present = set(lines)
    for v in by_rules:
        if v.rule == PAGE_TITLE and (head := _page_title_head(v.text, present)):
            at = lines.index(head)
            return at if at not in sure else None
    return None


def _dateline_index(
    lines: list[str],
    title_at: int | None,
    block: tuple[int, int],
    sure: AbstractSet[int] = frozenset(),
) -> int | None:
    """The publication dateline: the date nearest below the headline (else above it), or in the
    head of the main block; never a date inside the article's prose or far from its head. `sure`:
    the lines a rule removes for sure (share buttons, counters), which do not count as distance."""
    anchor = title_at if title_at is not None else block[0]
    # Below the headline: within 12 lines no rule removed for sure, in the head, at most two lines
    # into the article (a dateline under the lede), or right after its last line (a page that
    # prints the date under the text) — never among the links and lists further down.
    below = (
        [
            i
            for i in range(anchor + 1, linemodel.window_edge(anchor, 1, 12, sure, len(lines)) + 1)
            if i <= block[0] + 2 or i == block[1] + 1
        ]
        if title_at is not None
        else [anchor + 1]
    )
    above = (
        [anchor - k for k in range(1, 4)]
        if title_at is not None
        else [anchor - k for k in range(0, 8)]
    )
    # Below the headline a dateline may carry a byline (a line of prose by its length and
    # sentences, when it starts like one), a place or a section; above it, only a
    # line that is nothing but a date counts (a site's clock above the headline reads like one).
    # A date under an "Updated:" label is the update's, whatever the line itself says.
    for i in below:
        if (
            0 <= i < len(lines)
            and (not _is_prose(lines[i]) or linemodel.is_byline(lines[i]))
            and dates.publication_date(lines[i]) is not None
            and not (i > 0 and dates.update_label(lines[i - 1]))
        ):
            return i
    for i in above:
        if 0 <= i < len(lines) and _dated_above(lines[i]) and not _among_dates(lines, i):
            return i
    return None


def _dated_above(line: str) -> bool:
    """A dateline above the headline: nothing but a date, or a date the line calls the
    publication's, beside a byline ("Юрий Манаков Опубликована 16.07.2025 в 10:35")."""
    if dates.dateline_date(line) is not None:
        return True
    return dates.says_published(line) and dates.publication_date(line) is not None


def _among_dates(lines: list[str], i: int) -> bool:
    """Whether the date line at i above the headline is one of a list of dates (other stories'
    dates in a news lane): another line that is nothing but a date stands within three lines above
    it."""
    return any(dates.dateline_date(lines[k]) is not None for k in range(max(0, i - 3), i))


@lru_cache(maxsize=4096)
def _chrome_rule(line: str) -> str | None:
    short = len(line) <= 100  # markers, counters, buttons and credits are short lines
    if short:
        match = _SHORT_LINES.match(line)
        if match:
            assert match.lastgroup is not None  # every alternative is a named group, r0, r1, ...
            return _SHORT_LINE_RULES[int(match.lastgroup[1:])][0]
        if _is_share_line(line):
            return "share buttons"
    if len(line) < 40 and _CONSENT_BUTTON.match(line):
        return "consent button"
    low = line.lower()  # cheap keyword checks first: the regexes below are slow on long lines
    if len(line) < 400 and _COOKIE_KEYS.search(low) and _COOKIE.search(line):
        return "cookie or consent notice"
    if len(line) < 300 and _COPYRIGHT_KEYS.search(low) and _COPYRIGHT.search(line):
        return COPYRIGHT
    if (
        len(line) < 200
        and any(
            word in low for word in ("ctrl", "выделите", "выбрав", "нажмите", "select", "highlight")
        )
        and _TYPO.search(line)
    ):
        return "typo prompt"
    if len(line) < 200 and _BROWSER_NOTICE.match(line):  # and how to check it, in a second sentence
        return "browser notice"
    if len(line) < 150 and (_SUBSCRIBE.match(line) or _READ_US_ELSEWHERE.match(line)):
        return "subscribe call"
    if len(line) < 300 and _OFFER.match(line):
        return "subscribe call"
    if _is_credit(line):
        return CREDIT
    return None


def _is_credit(line: str) -> bool:
    """A photo or source credit: a short line without a sentence's end (a single full stop may end
    it: «Фото: «БрянскToday».»); a source may be a long address."""
    if len(line) <= 100 and (_PHOTO_CREDIT.match(line) or _SOURCE_CREDIT.match(line)):
        return line[-1:] not in _TERMINAL or (
            line.endswith(".") and ". " not in line and line.count(".") <= 3
        )
    return (
        len(line) <= 250
        and bool(_SOURCE_CREDIT.match(line))
        and "://" in line
        and " " not in line.split("://", 1)[1]
    )


def photo_credit(line: str) -> str:
    match = _PHOTO_CREDIT.match(line) or _SOURCE_CREDIT.match(line)
    return match.group("who").strip() if match else line


def join_paragraphs(verdicts: list[LineVerdict]) -> tuple[str, ...]:
    """Kept lines as paragraphs; a hard-wrapped line (no end punctuation, next starts lowercase) is
    joined."""
    paragraphs: list[str] = []
    previous_number = None
    for v in verdicts:
        if not v.kept:
            previous_number = None
            continue
        adjacent = previous_number is not None and v.number == previous_number + 1
        if (
            paragraphs
            and adjacent
            and paragraphs[-1][-1:] not in _TERMINAL + ':;»"”)'
            and v.text[:1].islower()
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {v.text}"
        else:
            paragraphs.append(v.text)
        previous_number = v.number
    return tuple(paragraphs)


# A kept line this likely to be chrome is shown (losing article text is worse) but not summarised.
SUMMARY_CHROME_LIMIT = 0.5


def clean(text: str, headline: str | None = None) -> Cleaned:
    verdicts = classify(text, headline)
    credits = tuple(photo_credit(v.text) for v in verdicts if v.rule == CREDIT)
    core = join_paragraphs(
        [v._replace(kept=v.kept and v.chrome < SUMMARY_CHROME_LIMIT) for v in verdicts]
    )
    return Cleaned(
        paragraphs=join_paragraphs(verdicts),
        verdicts=tuple(verdicts),
        credits=credits,
        core=core,
    )

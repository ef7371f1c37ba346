"""Small frozen values passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

LANGS = ("ru", "en")
ERROR, NOTICE = "error", "notice"
SKIPPED = "seed"  # the gate of a seed left out of the digest


class DigestError(Exception):
    """A user-facing problem: names the file and says what to do."""

    def __init__(self, path: str, problem: str, fix: str = ""):
        self.path, self.problem, self.fix = path, problem, fix
        super().__init__(self.message)

    def __reduce__(self):  # raised in a worker process, re-raised in the main one
        return type(self), (self.path, self.problem, self.fix)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" + (f"; {self.fix}" if self.fix else "")

    def as_problem(self, gate: str = SKIPPED) -> Problem:
        return Problem(self.path, self.problem, self.fix, ERROR, gate)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where, and what to do about it: a skipped seed, a mistake in a sidecar, a
    quality gate that failed. `severity`: an error fails `digest check` and `digest build
    --strict` (a build shows the errors it finds as warnings), a notice is shown by `digest check`
    only; `gate`: what found it (seed, sidecar, language, translation, links, ...)."""

    path: str  # a project file, "docs/en/articles/x.md:12" or a seed path
    message: str
    fix: str = ""
    severity: str = ERROR
    gate: str = ""

    @property
    def advice(self) -> str:
        """What is wrong and what to do, without the path."""
        return self.message + (f"; {self.fix}" if self.fix else "")

    def __str__(self) -> str:
        return ("skipped " if self.gate == SKIPPED else "") + f"{self.path}: {self.advice}"


@dataclass(frozen=True)
class Seed:
    """A decoded seed file."""

    path: str  # relative to the project, with forward slashes: "seeds/x.txt"
    sha256: str  # of the raw bytes
    encoding: str
    # NFC, "\n" line ends, no BOM; "" once the article is made (not kept in memory or cache)
    text: str
    html: bool = False  # an HTML page: `text` is what webpage.py extracted from it
    # webpage.Declared: what an HTML page says about itself (headline, dates, site, address)
    declared: tuple = ()


class LineVerdict(NamedTuple):
    """What the cleaner did with one input line, and why."""

    number: int  # 1-based line number in the seed
    text: str
    kept: bool
    rule: str
    chrome: float = -1.0  # the model's probability that the line is chrome (-1: not judged)
    why: str = ""  # the features that weighed most


@dataclass(frozen=True)
class Cleaned:
    paragraphs: tuple[str, ...]
    verdicts: tuple[LineVerdict, ...]
    credits: tuple[str, ...] = ()
    core: tuple[
        str, ...
    ] = ()  # the paragraphs the model is surest are article text: what summaries are made of

    @property
    def summary_source(self) -> tuple[str, ...]:
        return self.core or self.paragraphs


@dataclass(frozen=True)
class Meta:
    lang: str
    title: str
    title_generated: bool
    published: str | None  # YYYY-MM-DD, only when the seed states it
    source: str | None
    evidence: tuple[tuple[str, str], ...] = ()  # (field, "line N: rule")
    source_url: str | None = None
    topics: tuple[str, ...] = ()
    added: str | None = None  # YYYY-MM-DD, when the seed joined the digest (from its sidecar)
    language_found: str | None = (
        None  # the text's language when it is neither Russian nor English ("uk", "de", …)
    )


@dataclass(frozen=True)
class Translation:
    """An article's text in the other language."""

    lang: str
    kind: str  # "editorial" or "machine"
    title: str
    summary: tuple[str, ...]
    paragraphs: tuple[str, ...]
    lede: str = ""
    provider: str | None = None
    stale: bool = False  # the original changed after this translation was made


@dataclass(frozen=True)
class Article:
    seed: Seed
    slug: str
    meta: Meta
    paragraphs: tuple[str, ...]
    summary: tuple[str, ...]
    lede: str = ""  # one sentence for listing pages and feeds
    translations: dict[str, Translation] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()  # what the editor should know: sidecar mistakes, ...
    hidden: bool = False
    editorial_slug: str | None = None
    entities: tuple = ()  # glossary.Term: people and organisations named in the text
    reading_minutes: int = 1
    same_story: tuple = ()  # other articles telling the same story (Article)
    related: tuple = ()  # articles on a related story (Article)
    listed: bool = True  # False for the second and later reports of one story
    shingles: dict = field(
        default_factory=dict
    )  # language -> sorted array('Q') of hashed stem 3-grams (gates.shingles)
    # The seed's cache key (collection.SeedFile.cache_key): a hash of everything the article is
    # made of, so that a page drawn from it is keyed by it (listings.Rendered)
    source_key: str = ""

    def translation_status(self, lang: str) -> str:
        if lang == self.meta.lang:
            return "original"
        found = self.translations.get(lang)
        return found.kind if found else "missing"

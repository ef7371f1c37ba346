"""The quality gates of a run: those that need no page (translations, dates, stories told twice) and
those that read each generated page as it streams to docs/ (figures, names, links)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator

from digest.collection import Outcome
from digest.model import ERROR, LANGS, NOTICE, Problem
from digest.publish import gates
from digest.publish.render import article_path

_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


def article_findings(outcome: Outcome) -> list[Problem]:
    """The gates that need no page: missing and stale translations, missing dates, stories told
    twice."""
    findings: list[Problem] = []
    for article in outcome.articles:
        if article.hidden:
            continue
        for lang in LANGS:
            page = article_path(lang, article.slug)
            status_ = article.translation_status(lang)
            if status_ == "missing":
                findings.append(
                    Problem(
                        gate="translation",
                        severity=NOTICE,
                        path=f"docs/{page}",
                        message=f"no {lang} translation yet; "
                        "write one in the sidecar or run `digest translate`",
                    )
                )
            elif status_ != "original" and article.translations[lang].stale:
                translation = article.translations[lang]
                findings.append(
                    Problem(
                        gate="stale",
                        severity=ERROR,
                        path=f"docs/{page}",
                        message=f"the {translation.kind} translation is older than "
                        f"its original {article.seed.path}; update it"
                        + (
                            " in the sidecar"
                            if translation.kind == "editorial"
                            else " with `digest translate`"
                        ),
                    )
                )
        if not article.meta.published:
            findings.append(
                Problem(
                    gate="date",
                    severity=NOTICE,
                    path=article.seed.path,
                    message="no publication date in the seed; set `published` "
                    "in its sidecar if you know it",
                )
            )
        if article.same_story and article.listed:
            others = ", ".join(o.seed.path for o in article.same_story)
            findings.append(
                Problem(
                    gate="duplicates",
                    severity=NOTICE,
                    path=article.seed.path,
                    message=f"the same story as {others}: published as one "
                    "story with several sources; delete one seed if they are the same report",
                )
            )
    return findings


class PageGates:
    """The gates that read generated pages (figures and names a translation lost, links to pages
    that do not exist), fed one page at a time as the pages stream to docs/."""

    def __init__(self, outcome: Outcome):
        self.terms = list(outcome.vocabulary.terms) if outcome.vocabulary else []
        self.translated = {
            article_path(lang, a.slug): (a, lang)
            for a in outcome.articles
            if not a.hidden
            for lang in LANGS
            if a.translation_status(lang) in ("editorial", "machine")
        }
        self.paths: set[str] = set()
        self._found: list[Problem] = []
        self._links: list[tuple[str, str, int]] = []  # (page, target, line)

    def see(self, path: str, text: str) -> None:
        self.paths.add(path)
        if path in self.translated:
            article, lang = self.translated[path]
            self._found += gates.translation_findings(
                article, lang, f"docs/{path}", text, self.terms
            )
        line, counted = 1, 0
        for link in _LINK.finditer(text):
            line += text.count("\n", counted, link.start())
            counted = link.start()
            self._links.append((path, link.group(1), line))

    def edited(self, path: str, existing: str, text: str) -> None:
        """A hand-edited page that sync kept (write.sync's on_kept): what the edit changed of its
        figures and names."""
        if "/articles/" in path:
            self._found += gates.edited_page_findings(
                f"docs/{path}", text, existing, path.split("/", 1)[0], self.terms
            )

    def seen(self) -> tuple[set[str], list[Problem], list[tuple[str, str, int]]]:
        """What the pages given so far showed, for another PageGates to take in (absorb)."""
        return self.paths, self._found, self._links

    def absorb(self, seen: tuple[set[str], list[Problem], list[tuple[str, str, int]]]) -> None:
        """Take in what another PageGates saw of other pages (one language's, in its own process),
        as if they had been given here after these."""
        paths, found, links = seen
        self.paths |= paths
        self._found += found
        self._links += links

    def watch(self, pages: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        for path, text in pages:
            self.see(path, text)
            yield path, text

    def findings(self) -> list[Problem]:
        found: dict[tuple[str, str], bool] = {}  # (folder, target): resolved (pages share links)

        def resolves(path: str, target: str) -> bool:
            where = (posixpath.dirname(path), target)
            if where not in found:
                found[where] = posixpath.normpath(posixpath.join(*where)) in self.paths
            return found[where]

        broken = [
            Problem(
                gate="links",
                severity=ERROR,
                path=f"docs/{path}:{line}",
                message=f"links to {target}, which is not generated",
            )
            for path, target, line in sorted(
                link for link in self._links if not resolves(*link[:2])
            )
        ]
        return self._found + broken

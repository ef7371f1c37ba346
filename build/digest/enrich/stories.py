"""Links between articles: the same story told twice (listed once), related stories, shared
names."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from digest.config import DEFAULTS
from digest.model import Article
from digest.publish import gates


def with_stories(
    articles: list[Article], related_links: int = DEFAULTS.related_links
) -> list[Article]:
    """Link articles telling the same story (only the first is listed) and related ones."""
    groups, related = gates.stories(articles)
    by_path = {a.seed.path: a for a in articles}
    links: dict[str, dict] = {
        path: {"same_story": (), "related": (), "listed": True} for path in by_path
    }
    for group in groups:
        for position, article in enumerate(group):
            links[article.seed.path].update(
                same_story=tuple(a.seed.path for a in group if a is not article),
                listed=position == 0,
            )
    for a, b, _ in sorted(related, key=lambda r: -r[2]):  # the closest per article
        if (
            len(links[a.seed.path]["related"]) < related_links
            and len(links[b.seed.path]["related"]) < related_links
        ):
            links[a.seed.path]["related"] += (b.seed.path,)
            links[b.seed.path]["related"] += (a.seed.path,)
    for path, others in _sharing_names(
        articles, related_links
    ).items():  # then articles naming the same people and organisations
        have = links[path]["related"] + links[path]["same_story"]
        links[path]["related"] += tuple(o for o in others if o not in have)[
            : max(0, related_links - len(links[path]["related"]))
        ]
    return [
        replace(
            article,
            listed=links[article.seed.path]["listed"],
            same_story=tuple(by_path[p] for p in links[article.seed.path]["same_story"]),
            related=tuple(by_path[p] for p in links[article.seed.path]["related"]),
        )
        for article in articles
    ]


# a name in more articles than this (or a tenth of them, at least 3) relates nothing: the ministry
# of every other report
_COMMON_NAME = 50


def _sharing_names(
    articles: list[Article], most: int = DEFAULTS.related_links
) -> dict[str, tuple[str, ...]]:
    """Per article, the others that name the same people or organisations (the rarer names they
    share weigh more; then shared topics, then the newer), at most `most` each."""
    by_name: dict[tuple, list[Article]] = {}
    for article in (a for a in articles if not a.hidden):  # a hidden article is linked from nowhere
        for term in article.entities:
            by_name.setdefault(tuple(term.forms["en"]), []).append(article)
    scores: dict[str, Counter] = defaultdict(Counter)
    common = min(_COMMON_NAME, max(3, len(articles) // 10))
    for holders in by_name.values():
        if 1 < len(holders) <= common:
            for a in holders:
                scores[a.seed.path].update(
                    {b.seed.path: 1 / len(holders) for b in holders if b is not a}
                )
    by_path = {a.seed.path: a for a in articles}
    found = {}
    for path, others in scores.items():
        topics = set(by_path[path].meta.topics)
        ranked = sorted(
            others, key=lambda o: (-others[o], -len(topics & set(by_path[o].meta.topics)), o)
        )
        found[path] = tuple(ranked[:most])
    return found

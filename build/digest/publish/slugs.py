"""Each article's address: the editor's slug, else one from the title; clashes numbered in seed
order."""

from __future__ import annotations

from dataclasses import replace

from digest.model import Article, Problem
from digest.publish.render import slugify


def assign_slugs(articles: list[Article]) -> list[Article]:
    """An editor's slug first; otherwise one from the title, a clash getting -2, -3 in seed
    order."""
    taken: dict[str, str] = {}
    result = []
    ordered = sorted(articles, key=lambda a: (a.editorial_slug is None, a.seed.path))
    for article in ordered:
        warnings = list(article.warnings)
        if article.editorial_slug and article.editorial_slug not in taken:
            slug = article.editorial_slug
        else:
            if article.editorial_slug:
                warnings.append(
                    Problem(
                        article.seed.path,
                        f"slug `{article.editorial_slug}` is already used by "
                        f"{taken[article.editorial_slug]}",
                        "set another `slug` in its sidecar (a generated one is used meanwhile)",
                        gate="sidecar",
                    )
                )
            base = slugify(article.meta.title)
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
        taken[slug] = article.seed.path
        result.append(replace(article, slug=slug, warnings=tuple(warnings)))
    return sorted(result, key=lambda a: a.seed.path)

"""Score the duplicate-story gate on the labelled pairs in tests/duplicates/pairs.yml."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import yaml

from digest.publish import gates
from digest.model import Seed, Translation
from digest.enrich.article import make_article

PAIRS = Path(__file__).resolve().parent / "duplicates" / "pairs.yml"


def article(text: str, name: str, translation_en: str | None = None):
    made = make_article(Seed(name, hashlib.sha256(text.encode()).hexdigest(), "utf-8", text))
    if translation_en:
        paragraphs = tuple(line for line in translation_en.split("\n") if line.strip())
        made = replace(made, translations={"en": Translation("en", "editorial", paragraphs[0][:40], (), paragraphs)})
    return made


def scored_pairs() -> list[tuple[str, float]]:
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    return [(p["label"], gates.story_similarity(article(p["a"], f"a{i}"), article(p["b"], f"b{i}", p.get("b_translation_en"))))
            for i, p in enumerate(pairs)]


def precision_recall(scores: list[tuple[str, float]], threshold: float) -> tuple[float, float]:
    predicted = [label for label, score in scores if score >= threshold]
    true_positive = predicted.count("same")
    actual = sum(label == "same" for label, _ in scores)
    return (true_positive / len(predicted) if predicted else 1.0), true_positive / actual


if __name__ == "__main__":
    scores = scored_pairs()
    for label, score in sorted(scores, key=lambda s: s[1]):
        print(f"{label:<10}{score:.3f}")
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        p, r = precision_recall(scores, threshold)
        print(f"threshold {threshold}: precision {p:.2f} recall {r:.2f}")

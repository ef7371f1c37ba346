import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, seed_texts
from digest.ingest.clean import clean
from digest.text.lang import split_sentences, words
from digest.ingest.meta import extract
from digest.enrich.summarize import DEFAULT_WORD_BUDGET, lede, summarize, summarize_text


@pytest.mark.parametrize(
    "paragraph, sentences",
    [
        ("А. Дюмин сказал: «Это важно. Очень. Да». Он ушёл.", ["А. Дюмин сказал: «Это важно. Очень. Да».", "Он ушёл."]),
        ("Выделено 140 млрд руб. в 2023 г. на заводы, т. е. больше плана. Итог подвели в мае.",
         ["Выделено 140 млрд руб. в 2023 г. на заводы, т. е. больше плана.", "Итог подвели в мае."]),
        ("В г. Москве открыли завод. – В период пандемии регионы мобилизовали всё.",
         ["В г. Москве открыли завод.", "– В период пандемии регионы мобилизовали всё."]),
        ('He said "Hi. Bye." Then he left. Mr. Smith met J.R.R. Tolkien.', ['He said "Hi. Bye."', "Then he left.", "Mr. Smith met J.R.R. Tolkien."]),
        ("Закупили станки, материалы и т. д. Затем открыли цех.", ["Закупили станки, материалы и т. д.", "Затем открыли цех."]),
    ],
)
def test_sentence_splitting(paragraph, sentences):
    assert list(split_sentences(paragraph)) == sentences


def seed_summary(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    cleaned = clean(seed_texts()[name])
    meta = extract(cleaned)
    title = "" if meta.title_generated else meta.title
    sentences = tuple(s for p in cleaned.paragraphs for s in split_sentences(p))
    return summarize(cleaned.paragraphs, meta.lang, title), sentences


@pytest.mark.parametrize("name", sorted(seed_texts()))
def test_seed_summaries_follow_the_readers_rules(name):
    summary, sentences = seed_summary(name)
    assert 2 <= len(summary) <= 3
    assert sum(len(words(s)) for s in summary) <= DEFAULT_WORD_BUDGET
    positions = [sentences.index(s) for s in summary]
    assert positions == sorted(positions), "sentences in source order"
    assert len(set(summary)) == len(summary), "no sentence twice"
    for sentence in summary:
        assert sentence[:1].isupper() or sentence[:1] in "«\"–"
        assert words(sentence)[0] not in {"he", "it", "they", "this", "however", "он", "она", "они", "это", "также"} \
            or sentences.index(sentence) - 1 in positions
        assert not sentence.startswith(("Photo", "Фото", "July 11", "22:29"))


def test_pull_quote_is_not_summarized_twice():
    summary, _ = seed_summary("001_e91d40e2839ac9c3.txt")
    assert sum("To boost the growth of industries" in s for s in summary) <= 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщыэюя АБВГДЕЖЗИКЛМНОПРСТУ.,!?«»\"-–", min_size=1, max_size=200),
                min_size=1, max_size=6))
def test_summary_is_an_in_order_subset_of_the_sentences(paragraphs):
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    summary = summarize(paragraphs, "ru")
    assert len(summary) <= 3
    positions = [sentences.index(s) for s in summary]
    assert positions == sorted(positions) and len(set(summary)) == len(summary)


def test_lede_is_one_sentence_of_the_text():
    cleaned = clean(seed_texts()["003_f32622456d1a8adb.txt"])
    sentence = lede(cleaned.paragraphs, "ru")
    assert sentence in [s for p in cleaned.paragraphs for s in split_sentences(p)]


def test_budget_is_configurable():
    text = seed_texts()["000_5171e5a3172183de.txt"]
    short = summarize_text(text, budget=30)
    assert sum(len(words(s)) for s in short[1:]) <= 30 and len(summarize_text(text, budget=120)) >= len(short)


def digest_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "digest.cli", *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_summarize_files_prints_one_sentence_per_line(tmp_path):
    seed = REPO / "seeds/002_fe2789674e39d373.txt"
    result = digest_cli("summarize", str(seed))
    assert result.returncode == 0
    assert result.stdout.splitlines() == list(seed_summary("002_fe2789674e39d373.txt")[0])
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    both = digest_cli("summarize", str(seed), str(binary))
    assert both.returncode == 1 and f"{binary}: not a text file" in both.stderr
    assert both.stdout.startswith(f"==> {seed} <==\n")


def test_summarize_jsonl_round_trip():
    rows = [
        {"id": "a", "text": seed_texts()["000_5171e5a3172183de.txt"], "lang": "en"},
        {"id": 7, "text": seed_texts()["004_7eb7e0b26dee3f96.txt"]},
    ]
    stdin = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n"
    result = digest_cli("summarize", "--jsonl", "-", stdin=stdin)
    assert result.returncode == 1 and "-:3: not a JSON object" in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    assert all(2 <= len(o["summary"]) <= 3 for o in out)
    assert out[1]["summary"][0].startswith("С 27 по 28 мая")


def test_a_lead_opening_on_by_or_a_date_phrase_is_a_sentence_not_a_byline():
    paragraphs = ("By the end of 2027, the plant in Perm will produce 40,000 tonnes of titanium sponge a year for the aircraft industry.",
                  "The project is financed by the Industrial Development Fund with a loan of 2 billion rubles at 3 percent.")
    assert summarize(paragraphs, "en")[0].startswith("By the end of 2027")
    assert lede(paragraphs, "en").startswith("By the end of 2027")


@pytest.mark.parametrize("lang, opening, paragraphs", [
    ("en", "According to him", ("According to him, the new line will double the output of machine tools in the region by 2030.",
                                "The plant in Perm received a loan of 2 billion rubles from the Industrial Development Fund in March.")),
    ("ru", "По его словам", ("По его словам, новая линия позволит удвоить выпуск станков в регионе к 2030 году.",
                             "Завод в Перми получил заём Фонда развития промышленности на 2 млрд рублей в марте этого года.")),
])
def test_no_summary_opens_on_reported_speech_whose_speaker_is_missing(lang, opening, paragraphs):
    assert not summarize(paragraphs, lang)[0].startswith(opening)
    assert not lede(paragraphs, lang).startswith(opening)


@pytest.mark.parametrize("lang, paragraphs", [
    ("en", ("Electoral College picks Trump amid protests in several state capitals",
            "The plant in Perm received a loan of 2 billion rubles from the Industrial Development Fund in March.",
            "Consol Energy CFO on coal vs. natural gas and the future of the mines",
            "The new line will double the output of machine tools in the region by 2030, the governor said.")),
    ("ru", ("Минпромторг выделит регионам десять миллиардов рублей на новые индустриальные парки",
            "Завод в Перми получил заём Фонда развития промышленности на 2 млрд рублей в марте этого года.",
            "Фото: пресс-служба правительства Пермского края и министерства промышленности",
            "Новая линия позволит удвоить выпуск станков в регионе к 2030 году, сообщил губернатор.")),
])
def test_a_line_that_does_not_end_like_a_sentence_is_never_summarised(lang, paragraphs):
    """A paragraph that is one line with no final stop is a heading, a caption or a label (another
    story's headline, a video's title, a credit), not a sentence of the article."""
    assert summarize(paragraphs, lang) == (paragraphs[1], paragraphs[3])
    assert lede(paragraphs, lang) == paragraphs[1]
    # inside a paragraph of prose, a last sentence whose stop the page lost is still the text's
    unstopped = {"en": "Production at the plant in Perm will start in 2026 with two hundred workers",
                 "ru": "Выпуск продукции на заводе в Перми начнётся в 2026 году, там будут работать двести человек"}[lang]
    assert unstopped in summarize((paragraphs[1] + " " + unstopped,), lang, budget=80)


def test_explain_shows_the_summary_the_build_makes(project):
    """digest explain and the build choose the same sentences, also when the headline is generated."""
    import json

    from conftest import run_digest

    (project / "seeds" / "009_no_headline.txt").write_text(
        "Завод в Перми получил заём Фонда развития промышленности на 2 млрд рублей для выпуска станков.\n"
        "Новая линия позволит к 2027 году удвоить выпуск станков с числовым управлением в регионе.\n"
        "Продукция заменит импортное оборудование на предприятиях машиностроения Урала и Поволжья.\n", encoding="utf-8")
    entries = {e["seed"]: e for e in json.loads(run_digest(project, "status", "--json").stdout)}
    for seed, entry in entries.items():
        report = run_digest(project, "explain", seed).stdout
        chosen = [re.sub(r"^\d\.\d{3} ", "", line[4:].split("  [")[0]).rstrip("…") for line in report.splitlines() if line.startswith("  * ")]
        assert len(chosen) == len(entry["summary"]), seed
        assert all(sentence.startswith(shown) for shown, sentence in zip(chosen, entry["summary"])), (seed, chosen)
    assert entries["seeds/009_no_headline.txt"]["title_generated"]


@pytest.mark.parametrize("lang, stamp, sentence", [
    ("en", "Updated on September 19 at 3:15 p.m.",
     "Published in 2019, the report found that the plant in Perm doubled its output of machine tools in five years."),
    ("ru", "Обновлено 5 марта в 10:15 по московскому времени.",
     "Опубликовано 5 марта постановление правительства о субсидиях заводам Пермского края на новые станки."),
    ("ru", "Москва, 28 апреля, 2023, 13:21 — ИА Регнум.",
     "Минпромторг выделит заводам Пермского края два миллиарда рублей на новые станки и линии."),
    ("en", "Perm, March 5, 2024.",
     "The plant in Perm received a loan of 2 billion rubles from the Industrial Development Fund in March."),
])
def test_a_time_stamp_is_not_a_sentence_of_the_summary(lang, stamp, sentence):
    """A short line that stamps the page's update or publication is not summarised; a sentence of
    the text that starts with the same word is."""
    paragraphs = (stamp, sentence)
    assert summarize(paragraphs, lang) == (sentence,)
    assert summarize((sentence, stamp), lang) == (sentence,)

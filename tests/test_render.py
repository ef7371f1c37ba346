import html
import re

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.publish.render import attr, fingerprint_matches, front_matter, md_heading, md_text, slugify, with_fingerprint

EXTENSIONS = ["admonition", "attr_list", "md_in_html"]  # as in mkdocs.yml


def render(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


def visible_text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "**not bold** and _not italic_ and `not code`",
    "{: .injected-class } and {#id}",
    "&amp; stays &amp; and &copy; too",
    "=== and --- and ***",
    "<http://example.com> and <mail@example.com>",
    "\\ backslash \\* star",
    "| a | b |",
    '!!! danger "Удалите сайт"',
    "!!! note",
    '<div markdown="1">*x*</div>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_seed_text_renders_as_literal_text(text):
    rendered = render(md_text(text))
    assert re.fullmatch(r"<p>.*</p>", rendered, re.DOTALL), rendered
    assert visible_text(rendered) == text
    assert "<script" not in rendered and "href" not in rendered and "<img" not in rendered


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_paragraph_round_trips_as_text(text):
    expected = re.sub(r"\s+", " ", text).strip()
    if not expected:
        return
    rendered = render(md_text(text))
    assert visible_text(rendered).strip() == expected
    assert set(re.findall(r"<(\w+)", rendered)) <= {"p"}


@pytest.mark.parametrize("title", ["Title with # hash #", "<b>bold</b> & co", 'He said: "yes" #1'])
def test_headings_are_literal(title):
    rendered = render(md_heading(title))
    assert rendered.startswith("<h1") and visible_text(rendered) == title


@pytest.mark.parametrize("title", ['a: b # c', "'quoted' \"double\"", "- dash", "[list]", "{map: 1}", "yes", "2021-10-27", "@at ` tick"])
def test_front_matter_stays_valid_yaml(title):
    loaded = yaml.safe_load(front_matter({"title": title, "n": None})[4:-4])
    assert loaded == {"title": title, "n": None}


def test_attr_escapes_for_templates_that_do_not():
    assert attr('<script>"x"</script>') == "&lt;script&gt;&quot;x&quot;&lt;/script&gt;"


def test_fingerprint_goes_into_the_front_matter_whatever_the_title():
    page = with_fingerprint(front_matter({"title": "завод ---", "n": 1}) + "\n# завод ---\n")
    assert yaml.safe_load(page.split("\n---\n")[0][4:]) == {"title": "завод ---", "n": 1, "digest_fingerprint": page.split("digest_fingerprint: ")[1][:16]}
    assert fingerprint_matches(page)


def test_fingerprint_detects_any_change():
    page = with_fingerprint("---\ntitle: x\n---\n\n# x\n\ntext\n")
    assert fingerprint_matches(page)
    assert not fingerprint_matches(page.replace("text", "text edited"))
    assert not fingerprint_matches("---\ntitle: x\n---\n")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Алексей Дюмин провел заседание", "aleksey-dyumin-provel-zasedanie"),
        ("Конгресс-холл: «Дни промышленности»", "kongress-kholl-dni-promyshlennosti"),
        ("INNOPROM's main session", "innoprom-s-main-session"),
        ("Подъём объёмов", "podem-obemov"),
        ("!!!", "article"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug

"""Reading an HTML page: what the markup says about the article's head is kept (standfirst, deck) and
what repeats the headline is not, through the same path a saved page or `digest add URL` takes."""

from __future__ import annotations

from digest.enrich.article import make_article
from digest.ingest.read import seed_from_bytes

PROSE = [
    "The regional government approved a programme of support for machine-tool makers on Tuesday, "
    "setting aside 4.2 billion roubles for loans at a reduced rate over the next three years.",
    "The programme covers plants that localise at least half of the components of their machines, "
    "the ministry of industry said, and it is open to companies registered in the region.",
    "Officials expect the first loans to be granted in the spring, after the selection committee "
    "has reviewed the applications submitted by the end of February.",
]


def page(head: str, top: str, after: str = "", paragraphs: list[str] = PROSE) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav>
<div class="post-head">{top}</div><article>{body}{after}</article>
<footer><p>© 2025 Regional News. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>""".encode()


def article(html: bytes):
    return make_article(seed_from_bytes(html, "page.html"))


HEADLINE = "Region backs machine-tool makers with cheap loans"
META_TITLE = (
    f'<title>{HEADLINE} | Regional News</title><meta property="og:title" content="{HEADLINE}">'
)


def test_a_subtitle_the_markup_names_is_kept_as_the_standfirst():
    subtitle = "Four billion roubles for plants that localise their machines"
    byline = '<div class="author"><h4>Anna Petrova <a href="/author/anna">View More Articles</a></h4></div>'
    made = article(
        page(
            META_TITLE,
            f'<h1>{HEADLINE}</h1>{byline}<h2 class="subtitle">{subtitle}</h2><label>Loans</label>',
        )
    )
    assert made.meta.title == HEADLINE
    assert subtitle in made.paragraphs, made.paragraphs[:3]
    assert made.paragraphs.index(subtitle) < made.paragraphs.index(PROSE[0])


def test_a_short_sentence_right_under_the_headline_is_kept_as_the_standfirst():
    # as on mashable.com: the deck in a plain <div> of the page's <header>, which trafilatura drops
    deck = "We have answers."
    byline = 'By <a href="/author/anna">Anna Petrova</a> on <time>December 13, 2016</time>'
    share = '<a href="#"><span>Share on Facebook (opens in a new window)</span></a>'
    top = f'<header><a href="/life">Life</a><h1>{HEADLINE}</h1><div>{deck}</div><div>{byline}</div>{share}</header>'
    made = article(page(META_TITLE, top))
    assert made.paragraphs[0] == deck, made.paragraphs[:3]


def test_a_declared_deck_shown_on_the_page_is_kept_even_when_the_description_says_something_else():
    deck = "Cheap loans for plants that localise their machines"
    head = (
        META_TITLE
        + f'<meta name="description" content="Regional News: all the news of the region">'
        f'<meta property="og:description" content="{deck}">'
    )
    share = '<div class="share"><a href="#">Share</a> <a href="#">74 comments</a></div>'
    made = article(
        page(
            head,
            f'<h1>{HEADLINE}</h1>{share}<p class="p-dek">{deck}</p><div class="byline">By Anna Petrova</div>',
        )
    )
    assert deck in made.paragraphs[:2], made.paragraphs[:2]
    assert made.paragraphs.count(deck) == 1


def test_a_description_shown_only_as_a_teaser_below_the_article_is_not_its_standfirst():
    # as on nydailynews.com: the description is the teaser of the story's own item in a list of
    # stories under the article, not a standfirst under the headline
    teaser = "The region will lend 4.2 billion roubles to makers of machine tools at a reduced rate"
    head = META_TITLE + f'<meta name="description" content="{teaser}">'
    related = f'<aside><h3>{HEADLINE}</h3><p>{teaser}</p><h3>Port expands</h3><p>A new berth opens.</p></aside>'
    html = page(head, f"<h1>{HEADLINE}</h1>").replace(b"<footer>", related.encode() + b"<footer>")
    made = article(html)
    assert made.paragraphs[0] == PROSE[0], made.paragraphs[:2]
    assert teaser not in made.paragraphs
    # above the text, it is the standfirst
    made = article(page(head, f"<h1>{HEADLINE}</h1><div>{teaser}</div>"))
    assert made.paragraphs[0] == teaser, made.paragraphs[:2]


def test_meta_tags_written_by_a_script_with_value_instead_of_content_are_read():
    head = f'<title>Regional News</title><meta data-react-helmet="true" name="og:title" value="{HEADLINE}">'
    made = article(page(head, f"<h1>{HEADLINE}</h1>"))
    assert made.meta.title == HEADLINE


def test_the_headline_repeated_with_a_byline_is_dropped_and_the_lead_above_it_kept():
    top = f"<h1>{HEADLINE}</h1>"
    lead, *rest = PROSE
    repeated = f"<p>{HEADLINE} - by Anna Petrova</p><p>March 5, 2025</p>"
    made = article(
        page(META_TITLE, top, paragraphs=[lead]).replace(
            b"</article>",
            (repeated + "".join(f"<p>{text}</p>" for text in rest) + "</article>").encode(),
        )
    )
    assert made.paragraphs[0] == lead, made.paragraphs[:3]
    assert not any(p.startswith(HEADLINE) for p in made.paragraphs)
    assert all(text in made.paragraphs for text in rest)


def test_a_list_of_title_case_lines_closing_the_article_is_kept():
    events = [
        "Jan. 27-28: Regional Career Fair, Expo Centre Hall B, Courtyard Hotel, 500",
        "Jan. 27-30: Machine Tool Builders Association, Annual Board Meeting, Grand Hotel, 15",
    ]
    made = article(
        page(META_TITLE, f"<h1>{HEADLINE}</h1>", after="".join(f"<p>{e}</p>" for e in events))
    )
    assert all(event in made.paragraphs for event in events), made.paragraphs[-3:]


def test_explain_shows_the_lines_the_build_keeps(tmp_path):
    """`digest explain` cleans an HTML seed as the build does: with the page's declared headline."""
    from digest.explain import explain

    lead, *rest = PROSE
    repeated = f"<p>{HEADLINE} - by Anna Petrova</p><p>March 5, 2025</p>"
    html = page(META_TITLE, f"<h1>{HEADLINE}</h1>", paragraphs=[lead]).replace(
        b"</article>", (repeated + "".join(f"<p>{t}</p>" for t in rest) + "</article>").encode()
    )
    seed = tmp_path / "page.html"
    seed.write_bytes(html)
    kept = [line for line in explain(seed, tmp_path).splitlines() if " + [" in line]
    assert any(lead[:60] in line for line in kept), kept
    assert len(kept) == len(article(html).paragraphs)


def test_text_that_shows_an_entity_keeps_it_as_the_reader_sees_it():
    """trafilatura unescapes its text once more; a page that shows "&#151;" or "&lt;b&gt;" (written
    "&amp;#151;", "&amp;lt;b&amp;gt;") must not lose it, and a plain "&" stays one."""
    shown = (
        "Traders wrote &amp;#151; in their notes instead of a dash, and the code &amp;lt;b&amp;gt; "
        "marks bold text; Smith &amp; Wesson said nothing about it on Tuesday afternoon."
    )
    made = article(page(META_TITLE, f"<h1>{HEADLINE}</h1>", paragraphs=[*PROSE, shown]))
    assert made.paragraphs[-1] == (
        "Traders wrote &#151; in their notes instead of a dash, and the code &lt;b&gt; "
        "marks bold text; Smith & Wesson said nothing about it on Tuesday afternoon."
    ), made.paragraphs


def test_a_markup_date_a_day_from_the_dateline_shown_is_the_same_moment_and_the_shown_date_wins():
    head = META_TITLE + '<meta property="article:published_time" content="2016-12-23T00:47:31Z">'
    top = f"<h1>{HEADLINE}</h1><p class='dateline'>Published: Dec. 22, 2016, 6:47 p.m.</p>"
    assert article(page(head, top)).meta.published == "2016-12-22"
    far = head.replace("2016-12-23", "2016-12-27")  # not the same moment: the markup's date stands
    assert article(page(far, top)).meta.published == "2016-12-27"

"""Pure: RSS 2.0 and JSON Feed 1.1 for one language, from the articles and the site's URL."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from xml.etree import ElementTree as ET

from digest.model import Article
from digest.publish.render import LABELS, listing_order, shown

FEED_SIZE = 50
RSS, JSON_FEED = "feed.xml", "feed.json"


def _url(site_url: str, article: Article) -> str:
    return f"{site_url.rstrip('/')}/articles/{article.slug}/"


def _published(article: Article) -> dt.datetime | None:
    if not article.meta.published:
        return None  # never an invented date: undated items carry none
    return dt.datetime.combine(
        dt.date.fromisoformat(article.meta.published), dt.time(0, 0), tzinfo=dt.UTC
    )


def _topics(article: Article, lang: str, topics: dict) -> list[str]:
    """The article's topic names in the feed's language (topics.yml), as on its page."""
    return [topics[t].names[lang] for t in article.meta.topics if t in topics]


def rss(
    articles: list[Article],
    lang: str,
    site_url: str,
    topics: dict | None = None,
    size: int = FEED_SIZE,
) -> str:
    """RSS 2.0: per item the title, link, date (when stated), topics as categories, source,
    summary."""
    topics = topics or {}
    labels = LABELS[lang]
    root = ET.Element(
        "rss",
        {
            "version": "2.0",
            "xmlns:atom": "http://www.w3.org/2005/Atom",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        },
    )
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = labels["site"]
    ET.SubElement(channel, "link").text = site_url
    ET.SubElement(channel, "description").text = labels["home_intro"]
    ET.SubElement(channel, "language").text = lang
    ET.SubElement(
        channel,
        "atom:link",
        {"href": site_url.rstrip("/") + "/" + RSS, "rel": "self", "type": "application/rss+xml"},
    )
    for article in listing_order(articles)[:size]:
        view = shown(article, lang)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = view.title
        ET.SubElement(item, "link").text = _url(site_url, article)
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = _url(site_url, article)
        published = _published(article)
        if published:
            ET.SubElement(item, "pubDate").text = email.utils.format_datetime(published)
        for name in _topics(article, lang, topics):
            ET.SubElement(item, "category").text = name
        if article.meta.source:
            ET.SubElement(
                item, "dc:creator"
            ).text = article.meta.source  # the outlet: RSS's <source> needs the outlet's feed
        ET.SubElement(item, "description").text = " ".join(view.summary) or view.lede
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed(
    articles: list[Article],
    lang: str,
    site_url: str,
    topics: dict | None = None,
    size: int = FEED_SIZE,
) -> str:
    """JSON Feed 1.1: per item as in rss(), topics as tags and the outlet as the author."""
    topics = topics or {}
    labels = LABELS[lang]
    items: list[dict[str, object]] = []
    for article in listing_order(articles)[:size]:
        view = shown(article, lang)
        item: dict[str, object] = {
            "id": _url(site_url, article),
            "url": _url(site_url, article),
            "title": view.title,
            "summary": view.lede,
            "content_text": "\n\n".join(view.summary),
            "language": view.content_lang,
        }
        published = _published(article)
        if published:
            item["date_published"] = published.isoformat()
        if _topics(article, lang, topics):
            item["tags"] = _topics(article, lang, topics)
        if article.meta.source:
            item["authors"] = [{"name": article.meta.source}]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": labels["site"],
        "home_page_url": site_url,
        "feed_url": site_url.rstrip("/") + "/" + JSON_FEED,
        "description": labels["home_intro"],
        "language": lang,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"

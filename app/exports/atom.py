"""Atom (RFC 4287) through feedgen: one entry per claim, in the list's order (newest first).

Entry ids are `urn:uuid:` names derived from the claim's URL, so they stay the same however often
the feed is read; `updated` is the claim's last change, `published` when it was recorded.
"""

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from feedgen.feed import FeedGenerator

from app.exports.base import Page

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


# Characters XML 1.0 cannot hold, which stored texts may (they keep what was posted).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def stable_id(url: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"


def _content(item: dict[str, Any]) -> str:
    confidence, horizon = item["confidence"], item["horizon"]
    parts = [f"“{item['quote']}” ({item['source']['title']})"]
    if confidence["probability"] is not None:
        parts.append(
            f"Confidence: {confidence['phrase']} ({confidence['band']}, "
            f"{confidence['low']:.2f}–{confidence['high']:.2f})."
        )
    if horizon["latest"] is not None:
        parts.append(f"Falls due by {horizon['latest'].isoformat()}.")
    return " ".join(parts)


def _entry(feed: FeedGenerator, item: dict[str, Any]) -> None:
    expert = item["expert"]
    entry = feed.add_entry(order="append")
    entry.id(stable_id(item["url"]))
    entry.title(_xml(f"{expert['name']}: {item['statement']}"))
    # feedgen 1.0 writes only the href of an entry's links (each reads as `alternate`), so the
    # entry links to the claim alone and names its source in the summary.
    entry.link(href=item["url"])
    entry.author(name=_xml(expert["name"]), uri=expert["url"])
    entry.published(item["created_at"])
    entry.updated(item["updated_at"])
    entry.summary(_xml(_content(item)))
    for topic in item["topics"]:
        entry.category(term=topic["slug"], label=_xml(topic["name"]))


@dataclass(slots=True)
class Atom:
    """Built whole (a feed is one page), so it has a length and an ETag."""

    self_url: str
    title: str = "Forecast Ledger: claims"
    media_type: str = "application/atom+xml; charset=utf-8"
    extension: str = "atom"
    related: bool = False
    latest_resolution: bool = False
    _feed: FeedGenerator = field(default_factory=FeedGenerator)
    _updated: dt.datetime = EPOCH

    def head(self) -> bytes:
        self._feed.id(stable_id(self.self_url))
        self._feed.title(self.title)
        self._feed.link(href=self.self_url, rel="self", type="application/atom+xml")
        self._feed.generator("Forecast Ledger")
        return b""

    def page(self, page: Page) -> bytes:
        for item in page.items(frozenset({"expert", "source", "topics"})):
            _entry(self._feed, item)
            self._updated = max(self._updated, item["updated_at"])
        return b""

    def tail(self, count: int, next_url: str | None) -> bytes:
        if next_url:
            self._feed.link(href=next_url, rel="next", type="application/atom+xml")
        # The feed changes when an entry does; "now" would make every read a new document.
        self._feed.updated(self._updated)
        result: bytes = self._feed.atom_str(pretty=True)
        return result

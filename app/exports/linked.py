"""JSON-LD: each claim as a schema.org `Claim`; a resolved one also gets a `ClaimReview`.

The document is `{"@context": …, "@graph": [...]}`. The context is inline (schema.org as the
vocabulary), so a JSON-LD processor reads it without fetching anything.
"""

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import RowMapping

from app.exports.base import Page
from app.responses import JSON_OPTIONS

CONTEXT = {
    "@vocab": "https://schema.org/",
    "url": {"@type": "@id"},
    "sameAs": {"@type": "@id"},
}
AUTHOR_TYPES = {"person": "Person", "organization": "Organization", "group": "Organization"}
# reviewRating: 1 the statement came true, 0 it did not; `partly` halfway; the rest unrated.
RATINGS = {"true": 1, "partly": 0.5, "false": 0}


def author(expert: dict[str, Any]) -> dict[str, Any]:
    node = {"@type": AUTHOR_TYPES[expert["kind"]], "@id": expert["url"], "name": expert["name"]}
    if expert["role"]:
        node["jobTitle" if expert["kind"] == "person" else "description"] = expert["role"]
    return node


def appearance(source: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "CreativeWork", "@id": source["href"], "name": source["title"]}
    if source["url"]:
        node["url"] = source["url"]
    if source["published_on"]:
        node["datePublished"] = source["published_on"]
    if source["publisher"]:
        node["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    node["inLanguage"] = source["language"]
    return node


def claim(item: dict[str, Any]) -> dict[str, Any]:
    """A claim shown with `include=expert,source,topics` → a schema.org `Claim`."""
    work = appearance(item["source"])
    return {
        "@type": "Claim",
        "@id": item["url"],
        "url": item["url"],
        "identifier": item["id"],
        "name": item["statement"],
        "text": item["quote"],
        "author": author(item["expert"]),
        "datePublished": item["stated_on"],
        "firstAppearance": work,
        "appearance": {"@id": work["@id"]},
        "about": [
            {"@type": "Thing", "@id": topic_url(item["url"], t["slug"]), "name": t["name"]}
            for t in item["topics"]
        ],
        "dateModified": item["updated_at"],
    }


def topic_url(claim_url: str, slug: str) -> str:
    return claim_url.rsplit("/claims/", 1)[0] + f"/topics/{slug}"


def review(item: dict[str, Any], latest: RowMapping) -> dict[str, Any]:
    """The latest resolution of a resolved claim → a schema.org `ClaimReview` of it."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": item["outcome"]}
    if item["outcome"] in RATINGS:
        rating |= {"ratingValue": RATINGS[item["outcome"]], "worstRating": 0, "bestRating": 1}
    node: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"{item['url']}/resolutions",
        "itemReviewed": {"@id": item["url"]},
        "claimReviewed": item["statement"],
        "reviewRating": rating,
        "datePublished": latest["resolved_on"],
        "author": {"@type": "Person", "name": latest["resolver"]},
    }
    if latest["rationale"]:
        node["reviewBody"] = latest["rationale"]
    if latest["evidence_url"]:
        node["citation"] = {"@type": "CreativeWork", "url": latest["evidence_url"]}
    return node


def _nodes(page: Page) -> list[dict[str, Any]]:
    nodes = []
    for item in page.items(frozenset({"expert", "source", "topics"})):
        nodes.append(claim(item))
        latest = page.latest.get(item["id"])
        if item["outcome"] is not None and latest is not None:
            nodes.append(review(item, latest))
    return nodes


@dataclass(slots=True)
class Linked:
    """Written as one JSON document; the array of `@graph` is continued page by page."""

    media_type: str = "application/ld+json"
    extension: str = "jsonld"
    related: bool = False
    latest_resolution: bool = True
    _written: int = 0

    def head(self) -> bytes:
        return b'{"@context":' + orjson.dumps(CONTEXT) + b',"@graph":['

    def page(self, page: Page) -> bytes:
        out = []
        for node in _nodes(page):
            out.append(
                (b",\n" if self._written else b"\n") + orjson.dumps(node, option=JSON_OPTIONS)
            )
            self._written += 1
        return b"".join(out)

    def tail(self, count: int, next_url: str | None) -> bytes:
        return b"\n]}\n"

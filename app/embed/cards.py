"""A claim's JSON representation → what one card shows, in the reader's language."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from app.embed.labels import band as words_of

FRAGMENT_WORDS = 8  # a text fragment this long finds the quote without spelling all of it


def source_link(source: dict[str, Any], quote_text: str) -> str:
    """The source at the quote: its own URL with a text fragment, else the source in the API."""
    if not source.get("url"):
        return str(source["href"])
    words = " ".join(quote_text.split()[:FRAGMENT_WORDS])
    return f"{source['url']}#:~:text={quote(words, safe='')}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


@dataclass(frozen=True, slots=True)
class Card:
    """What one claim card shows. Attributes, not a dict: the template reads each as `c.name`,
    which Jinja tries as an attribute first — on a dict, a failed lookup per field per card."""

    id: int
    kind: str
    expert: str
    role: str | None
    expert_url: str
    quote: str
    statement: str
    source_url: str
    source_title: str
    publisher: str | None
    stated_on: str
    horizon: str | None
    horizon_phrase: str | None
    band: str | None
    phrase: str | None
    band_x: str | None
    band_width: str | None
    range: str | None
    outcome: str
    outcome_label: str
    topics: list[str]


def card(item: dict[str, Any], labels: dict[str, str], base: str, options: str) -> Card:
    """One claim card; `item` is the claim with expert, source and topics embedded,
    `options` the page's own query string (theme and language) for the links it makes."""
    expert, source, confidence = item["expert"], item["source"], item["confidence"]
    band = confidence["band"]
    state = _state(item)
    return Card(
        id=item["id"],
        kind=labels[item["kind"]],
        expert=expert["name"],
        role=expert["role"],
        expert_url=f"{base}/embed/experts/{expert['slug']}?{options}",
        quote=item["quote"],
        statement=item["statement"],
        source_url=source_link(source, item["quote"]),
        source_title=source["title"],
        publisher=source["publisher"],
        stated_on=item["stated_on"].isoformat(),
        horizon=item["horizon"]["latest"].isoformat() if item["horizon"]["latest"] else None,
        horizon_phrase=item["horizon"]["phrase"],
        band=words_of(band, labels) if band else None,
        phrase=confidence["phrase"],
        band_x=_svg_number(confidence["low"]),
        band_width=_svg_number(confidence["high"] - confidence["low"]) if band else None,
        range=f"{percent(confidence['low'])}–{percent(confidence['high'])}"
        if confidence["low"] is not None
        else None,
        outcome=state,
        outcome_label=labels[state],
        topics=[t["name"] for t in item["topics"]],
    )


def _state(item: dict[str, Any]) -> str:
    """The outcome, or `open` / `overdue` while there is none."""
    if item["outcome"] is not None:
        return str(item["outcome"])
    return "overdue" if item["overdue"] else "open"


def _svg_number(fraction: float | None) -> str | None:
    """A fraction as the percentage an SVG coordinate takes (`0.87` → `87.0`)."""
    return None if fraction is None else f"{fraction * 100:.1f}"

"""`/v1/experts/{slug}/badge.svg`: a shields-style badge of an expert's track record.

Text widths come from the Verdana 11px width table that shields.io uses (vendored from the
`anafanafo` package), so the badge fits its words without a font on the server.
"""

import bisect
import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from app.schemas.common import QueryModel

WIDTHS = Path(__file__).parent / "static" / "vendor" / "anafanafo" / "verdana-11px-normal.json"
GREY = "#9f9f9f"  # nothing scored yet
COLOURS = ((0.1, "#4c1"), (0.2, "#97ca00"), (0.3, "#dfb317"), (2.0, "#fe7d37"))  # Brier ≤ 1
PADDING = 10  # px on each side of a text, as shields draws it


class BadgeQuery(QueryModel):
    style: Literal["flat", "flat-square"] = Field("flat", description="`flat` or `flat-square`.")
    label: str = Field(
        "forecasts",
        min_length=1,
        max_length=40,
        pattern=r"^[^\x00-\x1f\x7f]*$",
        description="Text of the left half.",
    )


@lru_cache(maxsize=1)
def _table() -> tuple[list[int], list[tuple[int, int, float]]]:
    ranges = [tuple(r) for r in json.loads(WIDTHS.read_text())]
    return [int(r[0]) for r in ranges], [(int(a), int(b), float(w)) for a, b, w in ranges]


def text_width(text: str) -> float:
    """Width of `text` in 11px Verdana; a character outside the table counts as an `m`."""
    starts, ranges = _table()
    total = 0.0
    for char in text:
        i = bisect.bisect_right(starts, ord(char)) - 1
        if i >= 0 and ranges[i][0] <= ord(char) <= ranges[i][1]:
            total += ranges[i][2]
        else:
            total += text_width("m")
    return total


def message(card: dict[str, Any]) -> tuple[str, str]:
    """ "12 resolved · Brier 0.18 · 4 open" and a colour that says how good the score is."""
    counts = card["counts"]
    assert isinstance(counts, dict)
    brier = card["brier"]
    parts = [f"{counts['resolved']} resolved"]
    if isinstance(brier, float):
        parts.append(f"Brier {brier:.2f}")
    parts.append(f"{counts['open']} open")
    colour = GREY
    if isinstance(brier, float):
        colour = next(c for edge, c in COLOURS if brier < edge)
    return " · ".join(parts), colour


def svg(label: str, text: str, colour: str, style: str) -> str:
    left = round(text_width(label)) + 2 * PADDING
    right = round(text_width(text)) + 2 * PADDING
    width = left + right
    title = escape(f"{label}: {text}")
    label, text = escape(label), escape(text)
    radius = "0" if style == "flat-square" else "3"
    gloss = (
        ""
        if style == "flat-square"
        else '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
    )
    shine = "" if style == "flat-square" else f'<rect width="{width}" height="20" fill="url(#s)"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>{gloss}'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="{radius}" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>{shine}</g>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif"'
        f' font-size="11"><text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="14">{text}</text></g></svg>'
    )

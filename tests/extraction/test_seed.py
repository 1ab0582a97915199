"""The seed article: every hand-annotated forecast is found and attributed to its speaker."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from app.extraction import extract
from app.extraction.evaluate import _keys
from app.extraction.types import Article, Extraction
from app.text import normalise

SAMPLE = Path(__file__).resolve().parents[2] / "app" / "sample"


def _seed() -> tuple[dict[str, Any], Extraction, str]:
    data = json.loads((SAMPLE / "kazakhstan-path.json").read_text("utf-8"))
    text = normalise((SAMPLE / data["source"]["text_file"]).read_text("utf-8"))
    article = Article(text=text, published_on=dt.date.fromisoformat("2022-11-19"))
    return data, extract(article), text


def test_every_seed_forecast_is_found_and_attributed_to_the_right_person() -> None:
    data, result, _text = _seed()
    keys_of = {e["slug"]: _keys(e["name"], e["aliases"]) for e in data["experts"]}
    for gold in (c for c in data["claims"] if c["kind"] == "forecast"):
        start, end = gold["span"]
        overlapping = [c for c in result.claims if c.span[0] < end and start < c.span[1]]
        assert overlapping, gold["quote"]
        assert any(c.expert in keys_of[gold["expert"]] for c in overlapping), gold["quote"]


def test_the_seed_experts_are_found_with_their_roles() -> None:
    _data, result, _text = _seed()
    roles = {expert.name: expert.role for expert in result.experts}
    assert roles == {
        "Most observers": None,
        "Kazbek Beisebayev": "political analyst",
        "Gaziz Abishev": "political observer",
    }


def test_every_seed_span_is_its_quote() -> None:
    _data, result, text = _seed()
    for claim in result.claims:
        assert text[claim.span[0] : claim.span[1]] == claim.quote

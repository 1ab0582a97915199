"""`/v1/experts/{slug}/badge.svg`: shields-style, measured, titled, in two styles."""

import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.embed import badge
from app.models import Expert, Outcome
from tests.factories import make_claim, make_resolution

SVG = "{http://www.w3.org/2000/svg}"


def test_text_width_comes_from_the_verdana_table() -> None:
    ranges = json.loads(badge.WIDTHS.read_text())
    width_of = {chr(c): w for lo, hi, w in ranges for c in range(lo, hi + 1) if c < 0x80}
    assert badge.text_width("Brier 0.18") == pytest.approx(sum(width_of[c] for c in "Brier 0.18"))
    assert badge.text_width("WWW") > badge.text_width("iii")
    assert badge.text_width("Прогноз") > 0


def test_the_badge_says_resolved_brier_and_open_and_fits_its_text(
    client: TestClient, session: Session
) -> None:
    expert = session.query(Expert).filter_by(slug="gaziz-abishev").one()
    for outcome, p in ((Outcome.true, 0.9), (Outcome.false, 0.2)):
        claim = make_claim(
            session,
            expert=expert,
            probability=p,
            probability_low=p - 0.05,
            probability_high=p + 0.05,
            outcome=outcome,
        )
        make_resolution(session, claim, outcome)
    response = client.get("/v1/experts/gaziz-abishev/badge.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.text)
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text is not None
    assert title.text.startswith("forecasts: 2 resolved · Brier 0.03 · ")
    text = title.text.removeprefix("forecasts: ")
    expected = (
        round(badge.text_width("forecasts")) + round(badge.text_width(text)) + 4 * badge.PADDING
    )
    assert int(root.attrib["width"]) == expected
    assert root.attrib["role"] == "img"


def test_flat_square_has_no_rounded_corners(client: TestClient) -> None:
    flat = client.get("/v1/experts/gaziz-abishev/badge.svg").text
    square = client.get("/v1/experts/gaziz-abishev/badge.svg?style=flat-square&label=track").text
    assert 'rx="3"' in flat
    assert 'rx="0"' in square
    assert ">track</text>" in square


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/experts/nobody/badge.svg", 404),
        ("/v1/experts/gaziz-abishev/badge.svg?style=plastic", 422),
        ("/v1/experts/gaziz-abishev/badge.svg?colour=red", 400),
    ],
)
def test_bad_badge_requests_are_problems(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_a_label_is_escaped(client: TestClient) -> None:
    svg = client.get("/v1/experts/gaziz-abishev/badge.svg?label=%3Cb%3E%26").text
    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;" in svg
    ET.fromstring(svg)

"""The confidence table: published values, unique phrases, negation."""

import pytest

from app import confidence

PUBLISHED = [
    # Kent 1964: centre ± spread
    ("almost certain", 0.93, 0.87, 0.99),
    ("probable", 0.75, 0.63, 0.87),
    ("chances about even", 0.50, 0.40, 0.60),
    ("probably not", 0.30, 0.20, 0.40),
    ("almost certainly not", 0.07, 0.02, 0.12),
    # IPCC AR5 likelihood scale
    ("virtually certain", 0.995, 0.99, 1.0),
    ("very likely", 0.95, 0.90, 1.0),
    ("likely", 0.83, 0.66, 1.0),
    ("about as likely as not", 0.50, 0.33, 0.66),
    ("unlikely", 0.17, 0.0, 0.33),
    ("very unlikely", 0.05, 0.0, 0.10),
]


@pytest.mark.parametrize(("phrase", "point", "low", "high"), PUBLISHED)
def test_published_scales(phrase: str, point: float, low: float, high: float) -> None:
    band = confidence.for_phrase(phrase)
    assert (band.low, band.point, band.high) == pytest.approx((low, point, high))


@pytest.mark.parametrize(
    ("phrase", "band"),
    [
        ("I am certain", "almost-certain"),
        ("  Practically   INEVITABLE ", "almost-certain"),
        ("will", "plain-future"),
        ("there will be no", "plain-future"),
        ("вряд ли", "probably-not"),
        ("маловероятно", "unlikely"),
        ("неизбежно", "almost-certain"),
        ("скорее всего", "probable"),
    ],
)
def test_phrases_in_english_and_russian(phrase: str, band: str) -> None:
    assert confidence.for_phrase(phrase).name == band


def test_every_band_is_ordered_within_zero_and_one() -> None:
    for band in confidence.BANDS:
        assert 0 <= band.low <= band.point <= band.high <= 1, band.name


def test_a_phrase_belongs_to_one_band() -> None:
    phrases = [p for band in confidence.BANDS for p in band.phrases]
    assert len(phrases) == len(set(phrases))
    assert all(p == " ".join(p.lower().split()) for p in phrases)


def test_negation_flips_the_band_onto_the_statement() -> None:
    flipped = confidence.for_statement("unlikely", negated=True)
    assert (flipped.low, flipped.point, flipped.high) == pytest.approx((0.67, 0.83, 1.0))
    assert flipped.name == "not-unlikely"
    plain = confidence.for_statement("unlikely")
    assert (plain.low, plain.point, plain.high) == pytest.approx((0.0, 0.17, 0.33))
    twice = flipped.negated()
    assert (twice.low, twice.point, twice.high) == pytest.approx(
        (plain.low, plain.point, plain.high)
    )


def test_unknown_phrases_are_refused_not_guessed() -> None:
    with pytest.raises(confidence.UnknownHedgeError):
        confidence.for_phrase("perhaps maybe")


def test_likely_and_unlikely_mirror_each_other() -> None:
    likely, unlikely = confidence.band("likely"), confidence.band("unlikely")
    assert likely.source == unlikely.source
    # IPCC: likely 66-100 %, unlikely 0-33 %: mirror images to the percentage point.
    assert (likely.low, likely.point, likely.high) == pytest.approx(
        (1 - unlikely.high, 1 - unlikely.point, 1 - unlikely.low), abs=0.011
    )

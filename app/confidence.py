"""The confidence scale: hedge phrases → probability bands, in one table.

Bands come from two published scales: Sherman Kent's "Words of Estimative Probability" (1964) and
the IPCC AR5 likelihood scale (Mastrandrea et al. 2010). One band is the project's own: a plain
future-tense statement with no hedge at all ("X will happen"), which speakers use for outcomes they
present as settled but which, unlike "certain", carries no explicit claim of certainty.

Where both scales name a word, the pair of opposites comes from one scale ("likely" and
"unlikely" both from the IPCC, whose bands mirror each other). A band gives the probability that
the *hedged proposition* comes true. When the statement stored
on a claim is the negation of what the hedge speaks of ("Russia is unlikely to go anywhere" stored
as "Russia will stay"), `for_statement(..., negated=True)` flips the band onto the statement.
"""

from dataclasses import dataclass

SCALE = "forecast-ledger/1"


@dataclass(frozen=True, slots=True)
class Band:
    """A named probability interval with a point value, and where it comes from."""

    name: str
    low: float
    point: float
    high: float
    source: str
    phrases: tuple[str, ...]

    def negated(self) -> "Band":
        return Band(
            name=f"not-{self.name}",
            low=round(1 - self.high, 4),
            point=round(1 - self.point, 4),
            high=round(1 - self.low, 4),
            source=self.source,
            phrases=(),
        )


KENT = "Kent 1964"
IPCC = "IPCC AR5"
OWN = "Forecast Ledger"

BANDS: tuple[Band, ...] = (
    Band("virtually-certain", 0.99, 0.995, 1.0, IPCC,
         ("virtually certain", "практически наверняка")),
    Band("almost-certain", 0.87, 0.93, 0.99, KENT,
         ("almost certain", "certain", "i am certain", "certainly", "inevitable",
          "practically inevitable", "it is inevitable", "no doubt", "definitely", "will surely",
          "уверен", "несомненно", "неизбежно", "практически неизбежна", "безусловно")),
    Band("very-likely", 0.90, 0.95, 1.0, IPCC,
         ("very likely", "highly likely", "весьма вероятно", "очень вероятно")),
    Band("likely", 0.66, 0.83, 1.0, IPCC,
         ("likely", "is likely to", "most likely", "вполне вероятно")),
    Band("probable", 0.63, 0.75, 0.87, KENT,
         ("probable", "probably", "expect", "believe", "think", "does not think",
          "вероятно", "скорее всего", "полагаю", "считает", "думаю")),
    Band("plain-future", 0.75, 0.85, 0.95, OWN,
         ("will", "will not", "there will be", "there will be no", "будет", "не будет")),
    Band("about-as-likely-as-not", 0.33, 0.50, 0.66, IPCC,
         ("about as likely as not", "as likely as not")),
    Band("chances-about-even", 0.40, 0.50, 0.60, KENT,
         ("chances about even", "fifty-fifty", "50-50", "50 на 50")),
    Band("possible", 0.20, 0.40, 0.60, OWN,
         ("possible", "may", "might", "could", "возможно", "может")),
    Band("probably-not", 0.20, 0.30, 0.40, KENT,
         ("probably not", "we believe not", "doubt", "вряд ли")),
    Band("unlikely", 0.0, 0.17, 0.33, IPCC,
         ("unlikely", "is unlikely to", "маловероятно", "едва ли")),
    Band("very-unlikely", 0.0, 0.05, 0.10, IPCC,
         ("very unlikely", "highly unlikely", "крайне маловероятно")),
    Band("almost-certainly-not", 0.02, 0.07, 0.12, KENT,
         ("almost certainly not", "no chance", "impossible", "исключено")),
)  # fmt: skip

_BY_NAME = {band.name: band for band in BANDS}
_BY_PHRASE = {phrase: band for band in BANDS for phrase in band.phrases}


class UnknownHedgeError(LookupError):
    """The phrase is not in the table; add it to a band rather than guessing."""


def band(name: str) -> Band:
    return _BY_NAME[name]


def for_phrase(phrase: str) -> Band:
    """The band a hedge phrase maps to (case and surrounding space ignored)."""
    key = " ".join(phrase.lower().split())
    try:
        return _BY_PHRASE[key]
    except KeyError:
        raise UnknownHedgeError(phrase) from None


def for_statement(phrase: str, *, negated: bool = False) -> Band:
    """The band for the claim's statement, flipped when the statement negates the hedged words."""
    found = for_phrase(phrase)
    return found.negated() if negated else found

"""The pipeline's own rules over the stages' output."""

import datetime as dt

from app.extraction.pipeline import extract
from app.extraction.types import Article

WHOLE = (
    "Tariffs\nEconomist Aigerim Sarsenova said tariffs will almost certainly rise next year. "
    "She added that the government will have to compensate poorer households"
)


def _quotes(text: str) -> list[str]:
    article = Article(text=text, published_on=dt.date(2024, 3, 1), language="en")
    return [claim.quote for claim in extract(article).claims]


def test_a_text_cut_off_mid_sentence_loses_only_its_broken_last_claim() -> None:
    assert _quotes(WHOLE + ".")[-1].endswith("poorer households")
    assert _quotes(WHOLE + ".")[:-1] == _quotes(WHOLE[:-4])
    assert not any(quote.endswith("house") for quote in _quotes(WHOLE[:-4]))

"""The pipeline's own rules over the stages' output."""

import datetime as dt
import os
from pathlib import Path

import pytest

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


def test_a_russian_expert_named_by_surname_alone_speaks_but_a_head_of_state_does_not() -> None:
    text = (
        "Сидоренко заявил, что переговоры затянутся до весны.\n"
        "«Стороны пока не готовы к уступкам», — сказал эксперт.\n"
        "Токаев заявил, что реформы будут продолжены."
    )
    found = extract(Article(text=text, language="ru"))
    assert {claim.expert for claim in found.claims} == {"sidorenko"}
    assert len(found.claims) == 2


def test_a_dash_led_paragraph_is_the_words_of_the_speaker_named_at_its_end() -> None:
    text = (
        "Эксперт прокомментировал реформы.\n"
        "— Парламент получит новые полномочия. На мой взгляд, реформы идут в верном "
        "направлении, — заявил политолог Олег Сидоренко."
    )
    found = extract(Article(text=text, language="ru"))
    assert [claim.expert for claim in found.claims] == ["oleg-sidorenko"] * 2


def test_a_russian_interview_with_one_dash_led_question_is_answered_by_the_interviewee() -> None:
    text = (
        "Выборы прошли спокойно. Об итогах наш разговор с политологом Олегом Сидоренко.\n"
        "— Изменится ли внешняя политика страны?\n"
        "— Во внешней политике векторы не изменятся. Партнеры останутся прежними.\n"
        "Думаю, что диалог с соседями будет только углубляться."
    )
    found = extract(Article(text=text, language="ru"))
    assert {claim.expert for claim in found.claims} == {"oleg-sidorenko"}
    assert any("векторы не изменятся" in claim.quote for claim in found.claims)
    assert any("диалог с соседями" in claim.quote for claim in found.claims)


def test_sentences_attributed_to_a_surname_go_to_the_full_name_met_later() -> None:
    result = extract(
        Article(
            text="Выборы в Турции\n\nПолитолог Марков считает, что Эрдоган победит во втором туре"
            " выборов.\n\nПолитолог Сергей Марков отметил, что оппозиция проиграет и следующие"
            " выборы в парламент.",
            language="ru",
        )
    )
    assert [expert.key for expert in result.experts] == ["sergei-markov"]
    assert [claim.expert for claim in result.claims] == ["sergei-markov", "sergei-markov"]
    assert "Марков" in result.experts[0].aliases


HERE = Path(__file__).parent
REAL_TEXTS = Path(os.environ.get("FORECASTS_REAL_TEXTS", HERE / "real" / "texts"))
_TEXTS = sorted(
    [*(HERE / "corpus").glob("*.txt"), *(HERE / "heldout").glob("*.txt"), *REAL_TEXTS.glob("*.txt")]
)


@pytest.mark.parametrize("path", _TEXTS, ids=lambda path: path.stem)
def test_every_draft_is_by_an_expert_of_the_same_extraction(path: Path) -> None:
    # Ingestion looks each draft's expert up among the extraction's experts.
    result = extract(Article(text=path.read_text("utf-8"), published_on=dt.date(2024, 1, 1)))
    assert {claim.expert for claim in result.claims} <= {expert.key for expert in result.experts}

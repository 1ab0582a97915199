"""Opinion pieces: the author named by the caller, or by a byline in the text, speaks the
sentences no one else is said to speak, when they claim something."""

from app.extraction import byline, extract
from app.extraction.types import Article, Extraction

OP_ED = (
    "Why the corridor matters\n\n"
    "{byline}"
    "The summit took place in Astana on Friday. "
    "The Middle Corridor will become the main route between China and Europe by 2030. "
    "Kazakhstan should invest in its ports first.\n"
    'President Tokayev said: "We are ready."'
)


def _claims(result: Extraction) -> dict[str, tuple[str, str]]:
    return {claim.quote: (claim.expert, claim.evidence) for claim in result.claims}


def test_the_given_author_speaks_their_forecasts_and_prescriptions_not_the_facts() -> None:
    text = OP_ED.format(byline="")
    result = extract(Article(text=text, language="en", author="Eric Gatev, political analyst"))
    claims = _claims(result)
    route = "The Middle Corridor will become the main route between China and Europe by 2030"
    assert claims[route] == ("eric-gatev", "byline")
    assert claims["Kazakhstan should invest in its ports first"] == ("eric-gatev", "byline")
    assert not any("summit took place" in quote for quote in claims)
    assert not any("ready" in quote for quote in claims)  # the president's, quoted
    (expert,) = result.experts
    assert (expert.name, expert.role) == ("Eric Gatev", "political analyst")


def test_without_an_author_the_same_sentences_are_no_ones() -> None:
    assert extract(Article(text=OP_ED.format(byline=""), language="en")).claims == ()


def test_a_by_line_in_the_text_names_the_author() -> None:
    result = extract(Article(text=OP_ED.format(byline="By Eric Gatev\n\n"), language="en"))
    assert {claim.expert for claim in result.claims} == {"eric-gatev"}
    assert len(result.claims) == 2


def test_a_reporters_byline_names_no_speaker() -> None:
    text = OP_ED.format(byline="By Nargiz Sadikhova – Trend:\n\n")
    assert extract(Article(text=text, language="en")).claims == ()


def test_a_name_at_the_top_is_a_reporters_when_someone_else_speaks() -> None:
    text = OP_ED.format(byline="Nargiz Sadikhova\n\n") + (
        "\nPolitical analyst Dana Omarova said the tariffs will almost certainly rise."
    )
    result = extract(Article(text=text, language="en"))
    assert {claim.expert for claim in result.claims} == {"dana-omarova"}


def test_a_russian_byline_gives_the_author_in_the_nominative() -> None:
    text = (
        "Средний коридор\n\n"
        "Автор: Эльчин Алыоглу, директор Baku Network\n\n"
        "Саммит прошел в Габале в октябре. "
        "Средний коридор станет главным маршрутом между Китаем и Европой к 2030 году. "
        "Сегодня Средний коридор перестал быть альтернативой и стал осью новой Евразии."
    )
    result = extract(Article(text=text, language="ru"))
    assert {claim.expert for claim in result.claims} == {"elchin-alyoglu"}
    assert len(result.claims) == 2
    assert result.experts[0].role == "директор Baku Network"


def test_a_given_author_splits_into_name_and_role() -> None:
    assert byline.given("  Eric   Gatev ") == byline.Byline("Eric Gatev")
    assert byline.given("Эльчин Алыоглу, директор Baku Network") == byline.Byline(
        "Эльчин Алыоглу", "директор Baku Network"
    )


def test_an_authors_report_of_others_and_their_questions_are_not_their_claims() -> None:
    text = (
        "The visit\n\n"
        "The agency was the first to announce the visit of the president next week. "
        "The plant is to be finished by 2028 according to the approved schedule. "
        "Вопрос в том, способен ли тюркский мир в ближайшие годы стать политическим союзом. "
        "The visit will give the relations a new start."
    )
    result = extract(Article(text=text, language="en", author="Yuri Solozobov"))
    assert [claim.quote for claim in result.claims] == [
        "The visit will give the relations a new start"
    ]

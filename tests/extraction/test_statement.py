"""A claim's statement: its clause without who said it, the fillers and a graded hedge."""

import datetime as dt

import pytest

from app.extraction import nlp
from app.extraction.claims import classify
from app.extraction.pipeline import extract
from app.extraction.statement import statement_of
from app.extraction.types import Article


def _statement(words: str) -> tuple[str, bool]:
    language = nlp.language_of(words, None)
    _, hedge, band = classify(words)
    parse = nlp.parse(words, language)
    return statement_of(
        words, 0, len(words), hedge=hedge, band=band, parse=parse, language=language
    )


@pytest.mark.parametrize(
    ("words", "statement", "negated"),
    [
        ("inflation will probably slow next year", "Inflation will slow next year.", False),
        ("I think the reforms will continue", "The reforms will continue.", False),
        ("In my opinion, the tenge will weaken", "The tenge will weaken.", False),
        ("Kazakhstan, he said, will keep its course", "Kazakhstan will keep its course.", False),
        ("I am certain that he will win", "He will win.", False),
        ("Kazakh experts say the economy will grow", "The economy will grow.", False),
        ("But the party will win most seats", "The party will win most seats.", False),
        ("the turnout will not be high", "The turnout will not be high.", False),
        ("Russia is unlikely to go anywhere", "Russia will not go anywhere.", True),
        ("Real incomes are likely to stagnate", "Real incomes will stagnate.", False),
        ("I doubt that the party will win ten seats", "The party will not win ten seats.", True),
        ("I doubt the party won't win ten seats", "The party will win ten seats.", True),
        ("In any case, this will be logical and timely", "This will be logical and timely.",
         False),
        ("much can change and it is quite possible that we will face a union",
         "Much can change and we will face a union.", False),
        ("Рынок, как мне кажется, будет расти", "Рынок будет расти.", False),
        ("I don't think the tenge will fall this year", "The tenge will not fall this year.",
         False),
        ("This, of course, weakens the connection", "This weakens the connection.", False),
        ("Я не думаю, что тенге ослабнет в этом году", "Тенге не ослабнет в этом году.", False),
        ("Я думаю, что реформы продолжатся", "Реформы продолжатся.", False),
        ("скорее всего, тенге ослабнет к концу года", "Тенге ослабнет к концу года.", False),
        ("я уверен, что явка будет выше", "Явка будет выше.", False),
        ("По мнению политолога Ивана Петрова, выборы пройдут спокойно",
         "Выборы пройдут спокойно.", False),
        ("вряд ли партия получит десять мест", "Партия не получит десять мест.", True),
        ("заводы переносить вряд ли будут", "Заводы переносить не будут.", True),
        ("вряд ли партия не получит десять мест", "Партия получит десять мест.", True),
    ],
)  # fmt: skip
def test_statement_is_the_clause_in_the_speakers_words(
    words: str, statement: str, negated: bool
) -> None:
    assert _statement(words) == (statement, negated)


def test_a_hedge_that_is_the_whole_predicate_stays_and_nothing_is_negated() -> None:
    """ "X is unlikely" has no verb of its own to negate: the words stay as they are."""
    words = "a further fall of the tenge this year is unlikely"
    assert _statement(words) == ("A further fall of the tenge this year is unlikely.", False)


def test_a_negated_draft_carries_the_flipped_band() -> None:
    text = "Political analyst Marat Sadykov said the party is unlikely to win a majority."
    article = Article(text=text, published_on=dt.date(2024, 3, 1), language="en")
    [claim] = extract(article).claims
    assert claim.negated
    assert claim.statement == "The party will not win a majority."
    assert claim.band == "not-unlikely"
    assert claim.quote == "the party is unlikely to win a majority"

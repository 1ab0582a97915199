"""What is claimed: kind, hedge and band, negation, clauses, horizons and topics."""

import datetime as dt

import pytest

from app.extraction import extract
from app.extraction.claims import clauses, hedge_of, kind_of
from app.extraction.horizon import Event, event_horizon, event_of, horizon_of
from app.extraction.topics import TOPICS, topics_of
from app.extraction.types import Article, HorizonDraft

KINDS = [
    ("the government will raise taxes", "forecast"),
    ("the ruling party is likely to lose seats", "forecast"),
    ("inflation may return in the spring", "forecast"),
    ("the country needs to adopt a new constitution", "prescription"),
    ("parliament should publish every vote", "prescription"),
    ("the reforms have been too slow", "assessment"),
    ("Kambarata-1 would solve that conflict", "assessment"),
    ("правительство повысит тарифы", "forecast"),
    ("референдум пройдёт спокойно", "forecast"),
    ("тенге будет слабеть", "forecast"),
    ("власти следует опубликовать протоколы", "prescription"),
    ("ставка душит кредитование малого бизнеса", "assessment"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_kind_comes_from_tense_modal_and_hedge_cues(text: str, kind: str) -> None:
    assert kind_of(text) == kind


HEDGES = [
    ("the victory is practically inevitable", "practically inevitable", "almost-certain"),
    ("I am certain that he will win", "I am certain", "almost-certain"),
    ("there will be no changes", "there will be no", "plain-future"),
    ("Tokayev won't face real opposition", "won't", "plain-future"),
    ("does not think there can be a break", "does not think", "probable"),
    ("Russia is unlikely to go anywhere", "is unlikely to", "unlikely"),
    ("it is very likely that rates fall", "very likely", "very-likely"),
    ("снижение инфляции до 5 процентов исключено", "исключено", "almost-certainly-not"),
    ("заводы переносить вряд ли будут", "вряд ли", "probably-not"),
    ("курс слабее 500 тенге — 50 на 50", "50 на 50", "chances-about-even"),
    ("девальвации не будет", "не будет", "plain-future"),
]


@pytest.mark.parametrize(("text", "hedge", "band"), HEDGES)
def test_the_hedge_maps_to_its_band_through_the_confidence_table(
    text: str, hedge: str, band: str
) -> None:
    assert hedge_of(text) == (hedge, band)


def test_a_sentence_with_two_claims_gives_two_clauses() -> None:
    text = "Tokayev will not face real rivals: all five candidates are little known."
    found = clauses(text, 0, len(text) - 1)
    assert [c.kind for c in found] == ["forecast", "assessment"]
    assert text[found[1].start : found[1].end] == "all five candidates are little known"


def test_a_russian_dash_between_subject_and_predicate_does_not_split() -> None:
    text = "Атом — это не замена газу, а дополнение к нему"
    assert len(clauses(text, 0, len(text))) == 1


DAY = dt.date(2022, 11, 19)
HORIZONS = [
    ("the vote will be held tomorrow", "tomorrow", dt.date(2022, 11, 20), dt.date(2022, 11, 20)),
    ("rates will fall next year", "next year", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
    ("the plant will open by 2030", "by 2030", DAY, dt.date(2030, 12, 31)),
    ("in the coming years prices will rise", "in the coming years", DAY, dt.date(2027, 11, 19)),
    ("this year the deficit will shrink", "this year", DAY, dt.date(2022, 12, 31)),
    ("в следующем году ставка снизится", "в следующем году", dt.date(2023, 1, 1),
     dt.date(2023, 12, 31)),
    ("блок введут к 2035 году", "к 2035 году", DAY, dt.date(2035, 12, 31)),
    ("в ближайшие 3 года споры не утихнут", "в ближайшие 3 года", DAY, dt.date(2025, 11, 19)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "earliest", "latest"), HORIZONS)
def test_horizon_phrases_become_dates_relative_to_publication(
    text: str, phrase: str, earliest: dt.date, latest: dt.date
) -> None:
    horizon = horizon_of(text, DAY)
    assert horizon is not None
    assert (horizon.phrase, horizon.earliest, horizon.latest) == (phrase, earliest, latest)


def test_a_horizon_without_a_publication_date_has_no_dates() -> None:
    horizon = horizon_of("rates will fall next year", None)
    assert horizon is not None
    assert (horizon.earliest, horizon.latest) == (None, None)


def test_topics_come_from_english_and_russian_aliases() -> None:
    assert topics_of("relations with Moscow will stay pragmatic") == ("russia",)
    assert topics_of("отношения с Россией останутся прагматичными") == ("russia",)
    assert topics_of("Пекин и Ташкент подпишут договор") == ("china", "central-asia")
    assert topics_of("Kazakhstan will change") == ("kazakhstan",)


def test_the_topic_lexicon_has_every_topic_with_a_known_parent() -> None:
    slugs = {topic.slug for topic in TOPICS}
    assert {"kazakhstan", "elections", "energy", "security", "turkic-world"} <= slugs
    assert all(topic.parent is None or topic.parent in slugs for topic in TOPICS)
    assert all(topic.aliases_en and topic.aliases_ru for topic in TOPICS)


def test_a_claim_repeated_in_the_lead_and_a_quote_is_one_claim() -> None:
    text = (
        "Economist Dana Omarova believes the tenge will weaken to 500 per dollar.\n"
        '"The tenge will weaken to 500 per dollar," Omarova said.'
    )
    assert len(extract(Article(text=text)).claims) == 1


ELECTION_DAY = dt.date(2022, 11, 20)
VOTES = [
    (
        "Tomorrow, November 20, the presidential elections will be held.",
        "2022-11-19",
        "Tomorrow, November 20",
        "2022-11-20",
    ),
    ("The referendum is set for 6 October.", "2024-09-01", "6 October", "2024-10-06"),
    ("Выборы в мажилис пройдут 19 марта.", "2023-03-01", "19 марта", "2023-03-19"),
    ("The vote on January 10 will be close.", "2022-12-20", "January 10", "2023-01-10"),
]


@pytest.mark.parametrize(("text", "published", "phrase", "day"), VOTES)
def test_the_article_s_vote_is_dated(text: str, published: str, phrase: str, day: str) -> None:
    event = event_of(text, [(0, len(text))], dt.date.fromisoformat(published))
    assert event == Event(phrase, dt.date.fromisoformat(day))


def _event(text: str, published: dt.date | None) -> Event | None:
    return event_of(text, [(0, len(text))], published)


def test_a_past_vote_or_none_dated_is_no_event() -> None:
    published = dt.date(2022, 11, 19)
    assert _event("The elections of 5 March were calm.", published) is None
    assert _event("Tomorrow, November 20, prices will rise.", published) is None
    assert _event("Tomorrow the elections will be held.", None) is None


EVENT = Event("Tomorrow, November 20", dt.date(2022, 11, 20))


def test_in_these_elections_is_the_day_of_the_vote() -> None:
    text = "I am certain that he will receive this mandate of trust in these elections"
    horizon = event_horizon(text, EVENT, forecast_sentence=text)
    assert horizon == HorizonDraft("in these elections", EVENT.day, EVENT.day, inferred=False)
    ru = event_horizon("он победит на предстоящих выборах", EVENT, forecast_sentence="")
    assert ru is not None
    assert (ru.phrase, ru.earliest) == ("на предстоящих выборах", EVENT.day)


def test_after_the_elections_starts_the_next_day_and_stays_open() -> None:
    horizon = event_horizon("Nothing will change after the elections", EVENT, forecast_sentence="")
    assert horizon == HorizonDraft("after the elections", dt.date(2022, 11, 21), None, True)


def test_a_forecast_of_the_outcome_falls_due_on_the_day() -> None:
    sentence = "Most observers agree that the victory of the incumbent is practically inevitable."
    horizon = event_horizon("the victory of the incumbent", EVENT, forecast_sentence=sentence)
    assert horizon == HorizonDraft(EVENT.phrase, EVENT.day, EVENT.day, inferred=True)
    assert event_horizon("tariffs will rise", EVENT, forecast_sentence="tariffs will rise") is None
    assert event_horizon("the victory", None, forecast_sentence="the victory") is None


def _quotes(text: str) -> list[str]:
    return [text[c.start : c.end] for c in clauses(text, 0, len(text))]


SPLITS = [
    # two forecasts with different hedges: two claims, the connective left out
    ("I expect rents to rise by the summer, and wages are likely to stay flat all year",
     ["I expect rents to rise by the summer", "wages are likely to stay flat all year"]),
    # "and that": a second clause of the same belief
    ("the boom is over and that the bank will have to cut its rate by 2026",
     ["the boom is over", "the bank will have to cut its rate by 2026"]),
    # same kind, same hedge: one claim
    ("exports will fall sharply, and farmers in the north will feel it first",
     ["exports will fall sharply, and farmers in the north will feel it first"]),
    ("спрос упадёт к осени, а цены будут расти до зимы",
     ["спрос упадёт к осени", "цены будут расти до зимы"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_clauses_split_on_a_new_kind_or_hedge_only(text: str, expected: list[str]) -> None:
    assert _quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Georgia joined the alliance as a member only in 2004",
     "Налоги, которые платят предприятия, уходят в бюджет области"],
)  # fmt: skip
def test_a_past_or_present_statement_is_no_forecast(text: str) -> None:
    assert kind_of(text) == "assessment"


@pytest.mark.parametrize(
    "text",
    ["The pension fund is another matter", "India is a different story", "Другое дело — Китай"],
)
def test_lead_ins_are_no_claims(text: str) -> None:
    assert _quotes(text) == []


def test_the_belief_verb_of_a_group_is_the_hedge_of_its_forecast() -> None:
    result = extract(
        Article(
            text="Several local economists believe that the port will stay small.", language="en"
        )
    )
    assert [(c.hedge, c.band) for c in result.claims] == [("believe", "probable")]

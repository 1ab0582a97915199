"""The annotated extraction corpus is internally sound, and covers every difficulty it claims to.

The corpus (`corpus/`, guidelines in `corpus/README.md`) is the gold standard the extractor's
precision and recall are measured on, so a broken span or an unknown hedge here would silently
skew every figure measured against it.
"""

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import confidence
from app.text import normalise

CORPUS = Path(__file__).parent / "corpus"
STEM = re.compile(
    r"^(?P<lang>en|ru)-(?P<outlet>[a-z0-9-]+)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9-]+)$"
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
TOPICS = {
    "kazakhstan", "elections", "reforms", "demographics", "economy", "foreign-policy",
    "russia", "china", "turkic-world", "central-asia", "energy", "security",
}  # fmt: skip
KINDS = {"forecast", "assessment", "prescription"}
DIFFICULTIES = {
    "role-as-written", "multi-paragraph-quote", "according-to", "trailing-marker", "coreference",
    "for-his-part", "interview", "unnamed-group", "reported-politician", "journalist-framing",
    "name-variants", "cross-language-person", "hedges", "negation", "horizons",
}  # fmt: skip
LEANING_AGAINST = {"probably-not", "unlikely", "very-unlikely", "almost-certainly-not"}
NEGATIVE_HEDGES = {"will not", "there will be no", "не будет", "does not think"}


def _load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    doc["stem"] = path.stem
    doc["text"] = (path.parent / doc["source"]["text_file"]).read_text("utf-8")
    return doc


ARTICLES = [_load(path) for path in sorted(CORPUS.glob("*.json"))]
# The held-out articles (never used to tune the extractor) pass every per-article check; the
# corpus-wide quotas are the corpus's own.
HELD_OUT = [_load(path) for path in sorted((CORPUS.parent / "heldout").glob("*.json"))]
BY_STEM = {a["stem"]: a for a in ARTICLES + HELD_OUT}


def _claims() -> list[tuple[str, dict[str, Any]]]:
    return [(a["stem"], c) for a in BY_STEM.values() for c in a["claims"]]


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def test_the_corpus_is_large_enough_and_bilingual() -> None:
    languages = [a["source"]["language"] for a in ARTICLES]
    assert len(ARTICLES) >= 12
    assert languages.count("ru") >= 4
    assert languages.count("en") >= 4
    assert sum(len(a["claims"]) for a in ARTICLES) >= 200


@pytest.mark.parametrize("stem", sorted(BY_STEM))
def test_the_article_file_matches_its_metadata(stem: str) -> None:
    article = BY_STEM[stem]
    source, text = article["source"], article["text"]
    match = STEM.match(stem)
    assert match, "file names are <lang>-<outlet>-<yyyy-mm-dd>-<slug>"
    assert source["language"] == match["lang"]
    assert source["published_on"] == match["date"]
    assert source["text_file"] == f"{stem}.txt"
    assert source["url"].startswith("https://")
    assert normalise(text) == text.removesuffix("\n"), "the text is stored normalised"
    assert text.split("\n", 1)[0] == source["title"], "the first line is the headline"
    assert 2500 <= len(normalise(text)) <= 6000
    assert (CYRILLIC.search(text) is not None) == (source["language"] == "ru")


@pytest.mark.parametrize("stem", sorted(BY_STEM))
def test_every_quote_is_exactly_its_span_and_found_once(stem: str) -> None:
    article = BY_STEM[stem]
    text = article["text"]
    previous_end = 0
    for claim in article["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["quote"], claim["statement"]
        assert text.count(claim["quote"]) == 1, claim["quote"]
        assert "\n" not in claim["quote"], "a claim never crosses a paragraph"
        assert claim["quote"] == claim["quote"].strip(" ,.;:")
        assert start >= previous_end, "claims are in text order and do not overlap"
        previous_end = end


@pytest.mark.parametrize("stem", sorted(BY_STEM))
def test_experts_are_well_formed_and_each_one_speaks(stem: str) -> None:
    article = BY_STEM[stem]
    text = article["text"].lower()
    slugs = [e["slug"] for e in article["experts"]]
    assert len(slugs) == len(set(slugs))
    assert {c["expert"] for c in article["claims"]} == set(slugs)
    for expert in article["experts"]:
        assert SLUG.match(expert["slug"])
        assert expert["kind"] in {"person", "group"}
        names = [expert["name"], *expert["aliases"]]
        assert any(name.lower() in text for name in names), expert["slug"]
        assert expert["name"] not in expert["aliases"]
        if expert["kind"] == "group":
            assert expert["role"] is None
            assert expert["country"] is None
        else:
            russian = article["source"]["language"] == "ru"
            assert bool(CYRILLIC.search(expert["name"])) == russian, (
                "names are as the article writes them"
            )
            assert expert["role"]
            assert expert["country"]


def test_one_person_is_one_slug_across_articles_and_languages() -> None:
    seen: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for article in ARTICLES:
        for expert in article["experts"]:
            seen[expert["slug"]][article["source"]["language"]] = expert
    bilingual = {
        slug: by_lang
        for slug, by_lang in seen.items()
        if len(by_lang) == 2 and by_lang["en"]["kind"] == "person"
    }
    assert len(bilingual) >= 3
    for slug, by_lang in bilingual.items():
        en, ru = by_lang["en"], by_lang["ru"]
        assert (en["kind"], en["country"]) == (ru["kind"], ru["country"]), slug
        assert ru["name"] in en["aliases"], slug
        assert en["name"] in ru["aliases"], slug


@pytest.mark.parametrize(("stem", "claim"), _claims())
def test_claims_follow_the_format(stem: str, claim: dict[str, Any]) -> None:
    article = BY_STEM[stem]
    assert claim["kind"] in KINDS
    assert claim["topics"]
    assert set(claim["topics"]) <= TOPICS
    assert len(claim["topics"]) == len(set(claim["topics"]))
    statement = claim["statement"]
    assert statement[0].isupper()
    assert statement.endswith(".")
    assert not CYRILLIC.search(statement), "statements are plain English"
    if claim["kind"] != "forecast":
        assert (claim["hedge"], claim["horizon"], claim["negated"]) == (None, None, False)
        return
    hedge = claim["hedge"]
    band = confidence.for_statement(hedge, negated=claim["negated"])
    assert hedge == " ".join(hedge.lower().split()), "hedges are written as the table lists them"
    assert hedge in claim["quote"].lower(), "the hedge is in the quoted words"
    # The statement says what the speaker leans to: a hedge that leans against its own words
    # ("unlikely", "вряд ли") is stored with the opposite statement and `negated` set.
    assert claim["negated"] == (confidence.for_phrase(hedge).name in LEANING_AGAINST)
    assert band.point >= 0.4
    horizon = claim["horizon"]
    if horizon is not None:
        published = _date(article["source"]["published_on"])
        assert published <= _date(horizon["earliest"]) <= _date(horizon["latest"])
        assert horizon["phrase"].lower() in article["text"].lower()
        assert isinstance(horizon["inferred"], bool)


# Difficulties whose presence shows in the wording of the text.
PATTERNS = {
    "according-to": r"According to |In (his|her) view|По мнению |По (его|её) словам",
    "trailing-marker": r"[,.?]\" [\w. ]+ (said|believes|concluded|noted|argued|added)|», — \w+",
    "for-his-part": r"[Ff]or (his|her) part|В свою очередь",
    "reported-politician": (
        r"Tokayev|Токаев|Mirziyoyev|Japarov|Aliyev|Xi Jinping|Си Цзиньпин|prime minister"
        r"|Президент|Правительство обещает|[Mm]inister (of [\w ]+ )?(said|told)|[Мм]инистр"
    ),
}
# A role noun or pronoun that refers back to an expert named earlier.
BACK_REFERENCE = (
    r"\bthe (analyst|expert|observer|professor|economist|sociologist|demographer)"
    r"|\bthe political scientist|\b([Hh]e|[Ss]he) (said|added|also|expects)"
    r"|\b(эксперт|политолог|синолог|экономист|[Оо]на|[Оо]н)\b"
)


def _opens_without_closing(paragraph: str) -> bool:
    return paragraph.count("«") > paragraph.count("»") or paragraph.count('"') % 2 == 1


def _role_as_written(role: str, text: str, language: str) -> bool:
    """Every comma-separated part of the role is in the text; Russian roles are inflected there,
    so only the stem of each part's first word is looked for."""
    parts = [part.strip().lower() for part in role.split(",")]
    if language == "ru":
        parts = [part.split()[0][:5] for part in parts]
    return all(part in text.lower() for part in parts)


def _names_found(expert: dict[str, Any], text: str) -> int:
    return sum(name.lower() in text.lower() for name in [expert["name"], *expert["aliases"]])


def _in_other_language(article: dict[str, Any], slugs: set[str]) -> bool:
    other = {"en": "ru", "ru": "en"}[article["source"]["language"]]
    return any(
        a["source"]["language"] == other and slugs & {e["slug"] for e in a["experts"]}
        for a in BY_STEM.values()
    )


def _covered(article: dict[str, Any], difficulty: str) -> bool:
    """Whether the article really shows the difficulty it is tagged with."""
    text, claims, experts = article["text"], article["claims"], article["experts"]
    if difficulty in PATTERNS:
        return re.search(PATTERNS[difficulty], text) is not None
    people = [e for e in experts if e["kind"] == "person"]
    headline, lead, *paragraphs = text.removesuffix("\n").split("\n")
    bands = {confidence.for_phrase(c["hedge"]).name for c in claims if c["hedge"]}
    checks: dict[str, Callable[[], bool]] = {
        "role-as-written": lambda: any(
            _role_as_written(e["role"], text, article["source"]["language"]) for e in people
        ),
        "multi-paragraph-quote": lambda: any(_opens_without_closing(p) for p in paragraphs),
        "coreference": lambda: len(people) >= 2 and re.search(BACK_REFERENCE, text) is not None,
        "interview": lambda: (
            sum(p.startswith(("Q: ", "Вопрос: ", "— ")) and "?" in p for p in paragraphs) >= 3
        ),
        "unnamed-group": lambda: any(e["kind"] == "group" for e in experts),
        "journalist-framing": lambda: all(
            c["span"][0] > len(headline) + len(lead) + 1 for c in claims
        ),
        "name-variants": lambda: any(_names_found(e, text) >= 2 for e in people),
        "cross-language-person": lambda: _in_other_language(article, {e["slug"] for e in people}),
        "hedges": lambda: len(bands) >= 3,
        "negation": lambda: any(c["negated"] or c["hedge"] in NEGATIVE_HEDGES for c in claims),
        "horizons": lambda: sum(c["horizon"] is not None for c in claims) >= 2,
    }
    return bool(checks[difficulty]())


@pytest.mark.parametrize("stem", sorted(BY_STEM))
def test_tagged_difficulties_are_really_there(stem: str) -> None:
    article = BY_STEM[stem]
    covers = article["source"]["covers"]
    assert set(covers) <= DIFFICULTIES
    assert [d for d in covers if not _covered(article, d)] == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_difficulty_appears_in_each_language(language: str) -> None:
    covered: defaultdict[str, int] = defaultdict(int)
    for article in ARTICLES:
        if article["source"]["language"] == language:
            for difficulty in article["source"]["covers"]:
                covered[difficulty] += 1
    assert set(covered) == DIFFICULTIES
    interviews = sum(1 for a in ARTICLES if "interview" in a["source"]["covers"])
    assert interviews >= 2

"""The NLP models: loaded lazily, once, only by processes that ingest; what they tell the rules."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.extraction import nlp, syntax

ROOT = Path(__file__).resolve().parents[2]

# A worker that serves reads: the app built, a database migrated and loaded, reads answered.
_READ_WORKER = textwrap.dedent(
    """
    import json, sys
    from fastapi.testclient import TestClient
    from app import migrate
    from tests.conftest import settings_for
    from app.db import make_engine, make_sessionmaker, transaction
    from app.main import create_app
    from app.services import sample

    url = "sqlite:///" + sys.argv[1]
    engine = make_engine(url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
    engine.dispose()
    client = TestClient(create_app(settings_for(url, rate_limits=False)))
    statuses = [
        client.get(path).status_code
        for path in ("/v1/claims", "/v1/experts", "/v1/sources", "/v1/claims?sort=-stated_on",
                     "/review", "/")
    ]
    loaded = sorted(m for m in ("spacy", "natasha", "slovnet", "navec", "thinc", "torch")
                    if m in sys.modules)
    print(json.dumps({"statuses": statuses, "loaded": loaded}))
    """
)


def test_a_worker_that_serves_reads_loads_no_model(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _READ_WORKER, str(tmp_path / "reads.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(status < 400 for status in result["statuses"]), result
    assert result["loaded"] == []


def test_importing_the_extractor_loads_no_model() -> None:
    code = (
        "import sys, app.extraction.pipeline, app.extraction.nlp, app.cli;"
        "print(sorted(m for m in ('spacy', 'natasha') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_english_people_are_told_from_places_and_nationalities() -> None:
    text = (
        "The role of Turkey, political scientist Sergey Markedonov noted, is growing. "
        "Central Asian states will trade more, said political expert Ilham Shaban."
    )
    parse = nlp.parse(text, "en")
    labels = {entity.text: entity.label for entity in parse.entities}
    assert labels["Sergey Markedonov"] == "PER"
    assert labels["Ilham Shaban"] == "PER"
    assert labels.get("Central Asian") != "PER"
    assert labels.get("Turkey") != "PER"
    noted = next(t for t in parse.tokens if t.text == "noted")
    assert noted.lemma == "note"
    subject = next(t for t in parse.tokens if t.text == "Markedonov")
    assert subject.dep == "nsubj"
    assert parse.tokens[subject.head] is noted
    assert "en" in nlp.loaded()


def test_russian_names_come_in_the_nominative() -> None:
    text = "По мнению политолога Андрея Чеботарева, реформы продолжатся. Центральная Азия спокойна."
    parse = nlp.parse(text, "ru")
    people = parse.persons()
    assert [(p.text, p.normal) for p in people] == [("Андрея Чеботарева", "Андрей Чеботарев")]
    place = parse.entity_at(text.index("Центральная"), text.index("Азия") + 4)
    assert place is not None
    assert place.label == "LOC"
    assert text[people[0].start : people[0].end] == "Андрея Чеботарева"
    assert "ru" in nlp.loaded()


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [("Эксперт считает", None, "ru"), ("The expert thinks", None, "en"), ("Текст", "en", "en")],
)
def test_language_of(text: str, language: str | None, expected: str) -> None:
    assert nlp.language_of(text, language) == expected


def test_a_third_persons_doings_are_background_not_a_claim() -> None:
    text = (
        "Tokayev meets regularly with Russian President Putin. "
        "Xi and Erdogan expressed support for Kazakhstan, which is very important. "
        "Tokayev now has all the levers."
    )
    parse = nlp.parse(text, "en")

    def background(sentence: str) -> bool:
        start = text.index(sentence)
        return syntax.reports_someone(
            parse, start, start + len(sentence), ["Kazbek Beisebayev"], ["Tokayev", "Xi"]
        )

    assert background("Tokayev meets regularly with Russian President Putin")
    assert not background(
        "Xi and Erdogan expressed support for Kazakhstan, which is very important"
    )
    assert not background("Tokayev now has all the levers")  # a judgement of his position


def test_a_figure_cited_is_a_fact_but_a_judgement_with_one_is_not() -> None:
    text = (
        "We have over 7,000 km of border with it. "
        "Inflation will be higher than 8 percent. "
        "President Tokayev has only one choice."
    )
    parse = nlp.parse(text, "en")

    def figure(sentence: str) -> bool:
        start = text.index(sentence)
        return syntax.states_a_figure(parse, start, start + len(sentence))

    assert figure("We have over 7,000 km of border with it")
    assert not figure("Inflation will be higher than 8 percent")
    assert not figure("President Tokayev has only one choice")

"""Who may be an expert: places, nationalities and (in Russian) organisations never are."""

import pytest

from app.extraction import nlp
from app.extraction.experts import Registry, normal_forms, not_people
from app.extraction.names import expert_key, same_name


def test_russian_places_and_organisations_by_natasha_are_not_people() -> None:
    text = (
        "Политолог Алия Серикбаева считает, что Центральная Азия и Южный Кавказ сблизятся, "
        "а «Газпром» сократит поставки. Серикбаева уверена в этом."
    )
    refused = not_people(nlp.parse(text, "ru").entities, "ru")
    assert expert_key("Центральная Азия") in refused
    assert expert_key("Газпром") in refused
    assert expert_key("Алия Серикбаева") not in refused
    assert expert_key("Серикбаева") not in refused


def test_english_places_and_nationalities_by_spacy_are_not_people() -> None:
    text = (
        "Political analyst Marat Sadykov said Central Asia will trade more with China, "
        "and Central Asian states will sign the deal."
    )
    refused = not_people(nlp.parse(text, "en").entities, "en")
    assert expert_key("Central Asia") in refused
    assert expert_key("Marat Sadykov") not in refused


def test_a_word_tagged_a_person_anywhere_is_never_refused() -> None:
    """A surname the tagger once calls a place stays a person when it is part of a name it
    calls a person elsewhere."""
    entities = (
        nlp.Entity(0, 9, "Abishev", "LOC", "Abishev"),
        nlp.Entity(20, 33, "Gaziz Abishev", "PER", "Gaziz Abishev"),
    )
    assert not_people(entities, "en") == frozenset()


def test_the_registry_takes_no_one_by_a_refused_name() -> None:
    registry = Registry(frozenset({expert_key("Central Asia")}))
    assert registry.person("Central Asia", "political analyst") is None
    assert registry.person("Marat Sadykov", "political analyst") is not None


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Mehmet Çakmak", "Mehmet Chakmak", True),
        ("Çakmak", "Cakmak", True),
        ("Doğu Perinçek", "Dogu Perindzhek", True),
        ("Rasim Musabekov", "Rasim Musabeyov", True),
        ("Ivanov", "Ivanova", False),
        ("Ruslan Kalinsky", "Ruslan Kalinskaya", False),
        ("Petr Ivanov", "Pavel Ivanov", False),
        ("Mehmet Çakmak", "Çakmak", False),  # a surname alone is the registry's to resolve
        ("Talgat Omarov", "Talgat Umarov", False),  # another first letter, another name
    ],
)
def test_same_name_allows_transliteration_not_another_person(
    first: str, second: str, same: bool
) -> None:
    assert same_name(expert_key(first), expert_key(second)) is same


def test_variants_in_one_article_are_one_expert() -> None:
    registry = Registry()
    first = registry.person("Mehmet Çakmak", "political analyst")
    assert first is not None
    assert registry.person("Mehmet Chakmak") is first
    assert registry.known("Chakmak") is first
    assert registry.known("Cakmak") is first
    assert list(registry.people) == [first.key]
    assert {"Mehmet Çakmak", "Mehmet Chakmak"} <= first.aliases


def test_a_russian_case_form_is_the_person_by_its_nominative() -> None:
    text = "Политолог Алия Серикбаева считает, что реформы продолжатся. Слова Серикбаевой важны."
    normal = normal_forms(nlp.parse(text, "ru").entities)
    registry = Registry(normal=normal)
    person = registry.person("Алия Серикбаева", "политолог")
    assert normal.get("Серикбаевой") == "Серикбаева"
    assert registry.known("Серикбаевой") is person

"""Who may be an expert: places, nationalities and (in Russian) organisations never are."""

from app.extraction import nlp
from app.extraction.experts import Registry, not_people
from app.extraction.names import expert_key


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

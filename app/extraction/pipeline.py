"""The rule-based extractor: segment → attribute → detect claims → hedge, horizon, topics →
drafts. Every stage is a pure function over the text; nothing here touches a network or database.
"""

import re
from dataclasses import replace

from app.extraction import byline, cues, nlp, syntax
from app.extraction import patterns as p
from app.extraction.attribute import Attributed, attribute
from app.extraction.claims import Clause, clauses
from app.extraction.experts import (
    Person,
    Registry,
    full_names,
    lone_surnames,
    nominative,
    normal_forms,
    not_people,
)
from app.extraction.horizon import Event, event_horizon, event_of, horizon_of
from app.extraction.language import detect
from app.extraction.names import expert_key
from app.extraction.score import score
from app.extraction.segment import paragraphs, sentences
from app.extraction.statement import statement_of
from app.extraction.topics import topics_of
from app.extraction.types import Article, ClaimDraft, Extraction

_WORD = re.compile(r"\w+")
# "President Tokayev": a person the article names with an office.
_TITLED = re.compile(
    rf"(?<![\w-])(?i:{p.alternation(cues.POLITICIANS_EN + cues.POLITICIANS_RU)})"
    rf"\s+(?P<name>{p.NAME})"
)
_ENDS_A_SENTENCE = re.compile(r"[.!?…\"»”)]\s*$")
SAME_CLAIM = 0.8  # share of words two claims of one speaker have in common to be one claim


def _words(text: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _WORD.findall(text))


def _repeats(words: frozenset[str], seen: list[frozenset[str]]) -> bool:
    """A claim already made in the headline, lead or another quote, in (nearly) the same words."""
    return any(len(words & other) >= SAME_CLAIM * min(len(words), len(other)) for other in seen)


def _drafts(
    article: Article,
    attributed: list[Attributed],
    event: Event | None,
    registry: Registry,
    language: str,
) -> list[ClaimDraft]:
    text = article.text
    parse = nlp.parse(text, language)
    others = [
        name for person in registry.people.values() for name in (person.name, *person.aliases)
    ]
    others += [found.group("name") for found in _TITLED.finditer(text)]
    drafts: list[ClaimDraft] = []
    seen: dict[str, list[frozenset[str]]] = {}
    # A text cut off mid-sentence (an excerpt, a page saved half-loaded): its last words are
    # no whole claim.
    cut_at = len(text.rstrip()) if not _ENDS_A_SENTENCE.search(text) else len(text) + 1
    for item in attributed:
        if item.speaker is None or item.reported or item.end <= item.start:
            continue
        for clause in clauses(text, item.start, item.end):
            if len(text[: clause.end].rstrip()) >= cut_at - 1:
                continue
            quote = text[clause.start : clause.end]
            person = registry.people.get(item.speaker)
            names = (person.name, *person.aliases) if person else ()
            if clause.kind == "assessment" and (
                syntax.reports_someone(parse, clause.start, clause.end, names, others)
                or syntax.states_a_figure(parse, clause.start, clause.end)
            ):
                continue
            if item.evidence == "byline" and not _claims(parse, text, clause):
                continue
            words = _words(quote)
            if _repeats(words, seen.setdefault(item.speaker, [])):
                continue
            seen[item.speaker].append(words)
            hedge, band = clause.hedge, clause.band
            statement, negated = statement_of(
                text, clause.start, clause.end, hedge=hedge, band=band, parse=parse,
                language=parse.language,
            )  # fmt: skip
            if negated and band is not None:
                band = f"not-{band}"  # the band of the statement, not of the hedged words
            sentence = text[item.sentence.start : item.sentence.end]
            horizon = (
                horizon_of(quote, article.published_on)
                or horizon_of(sentence, article.published_on)
                or event_horizon(quote, event, forecast_sentence=sentence)
                if clause.kind == "forecast"
                else None
            )
            draft = ClaimDraft(
                expert=item.speaker,
                kind=clause.kind,
                statement=statement,
                quote=quote,
                span=(clause.start, clause.end),
                hedge=hedge,
                band=band,
                negated=negated,
                horizon=horizon,
                topics=topics_of(quote) or topics_of(sentence),
                evidence=item.evidence,
            )
            drafts.append(replace(draft, score=score(draft)))
    return drafts


def _claims(parse: nlp.Parse, text: str, clause: Clause) -> bool:
    """Whether an author's unmarked clause claims something: a forecast or prescription by its
    cues, or an assessment with a word of judgement in it (not a fact they narrate)."""
    if _NOT_THE_AUTHORS.search(text, clause.start, clause.end):
        return False
    if clause.kind != "assessment":
        return True
    return syntax.judges(parse, clause.start, clause.end)


# Words that make an author's sentence someone else's, or a question: "KazTAG was the first to
# announce the visit", "to be finished by 2028 according to the schedule", "способен ли …".
_NOT_THE_AUTHORS = re.compile(
    rf"{p.REPORTED_VERB.pattern}|(?<![\w-])(?i:according\s+to|по\s+данным|согласно"
    rf"|announced?|confirmed|reported|сообщил[аи]?|(?<!вряд\s)(?<!едва\s)ли)(?![\w-])"
)


def _author(
    article: Article, registry: Registry, persons: list[tuple[int, int]]
) -> tuple[Person | None, int, bool]:
    """The opinion piece's author (registered), where their byline ends, and whether it was
    given (rather than read off the text)."""
    given = byline.given(article.author) if article.author else None
    found = given or byline.detected(article.text, paragraphs(article.text), persons)
    if found is None:
        return None, 0, False
    person = registry.person(nominative(found.name), found.role or "author")
    if person is None or person.politician:
        return None, 0, False
    return person, found.end, given is not None


def _others_speak(attributed: list[Attributed], registry: Registry, author: Person) -> bool:
    """Whether a named person other than the author speaks: then the piece is a report, and a
    name at its top is the reporter's."""
    return any(
        item.speaker not in (None, author.key) and registry.people[item.speaker].kind == "person"
        for item in attributed
    )


def extract(article: Article) -> Extraction:
    """Experts and draft claims from one article's normalised text."""
    language = article.language or detect(article.text)
    parse = nlp.parse(article.text, language)
    # Names the text gives an office ("President X"), by key and by surname.
    titled = {expert_key(found.group("name")) for found in _TITLED.finditer(article.text)}
    officials = frozenset(titled | {key.rsplit("-", 1)[-1] for key in titled}) - {""}
    registry = Registry(
        not_people(parse.entities, parse.language),
        normal_forms(parse.entities),
        full_names(parse.entities) if parse.language == "en" else {},
        officials,
        surnames=lone_surnames(parse.entities, article.text),
    )
    found = sentences(article.text)
    persons = [(e.start, e.end) for e in parse.persons()]
    author, after, given = _author(article, registry, persons)
    attributed = attribute(article.text, found, registry, persons, author, after)
    if author is not None and not given and _others_speak(attributed, registry, author):
        attributed = [
            replace(item, speaker=None) if item.evidence == "byline" else item
            for item in attributed
        ]
    # Sentences attributed before a surname's full name appeared carry the surname's key.
    attributed = [
        replace(item, speaker=registry.now_named(item.speaker)) if item.speaker else item
        for item in attributed
    ]
    event = event_of(article.text, [(s.start, s.end) for s in found], article.published_on)
    claims = _drafts(article, attributed, event, registry, language)
    speaking = {claim.expert for claim in claims}
    experts = tuple(person.draft() for person in registry.people.values() if person.key in speaking)
    return Extraction(language=language, experts=experts, claims=tuple(claims))

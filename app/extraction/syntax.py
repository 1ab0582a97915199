"""What the dependency parse tells the rules: pure functions over an `nlp.Parse`.

The parse is made once per article (`nlp.parse`); these functions look at the tokens of one span.
"""

from collections.abc import Iterable

from app.extraction.names import expert_key
from app.extraction.nlp import Parse, Token

_MODALS = frozenset({"will", "would", "can", "could", "may", "might", "must", "should"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
# Words that make a sentence about someone a judgement rather than a report of what they did.
# (spaCy's English labels, then the UD ones natasha gives Russian: "стал важнейшим", "важен").
_EVALUATIVE_DEPS = frozenset({"acomp", "attr", "oprd", "root", "xcomp"})
_EVALUATIVE_ADVERBS = frozenset(
    {"very", "too", "so", "most", "more", "less", "really", "extremely", "quite", "clearly",
     "очень", "слишком", "более", "менее", "крайне", "явно", "действительно", "весьма"}
)  # fmt: skip
# Russian features of a comparison, a short (predicative) adjective and a negation.
_EVALUATIVE_FEATS = ("Degree=Cmp", "Degree=Sup", "Variant=Short", "Polarity=Neg")
# Verbs of a changed or kept state: "стал осью новой Евразии", "перестал быть альтернативой".
_STATE_VERBS = frozenset({"стать", "перестать", "оставаться", "остаться"})


def tokens_in(parse: Parse, start: int, end: int) -> list[int]:
    """Indices of the tokens that lie inside [start, end)."""
    return [n for n, t in enumerate(parse.tokens) if t.start >= start and t.end <= end]


def _roots(parse: Parse, inside: list[int]) -> list[int]:
    within = set(inside)
    return [n for n in inside if parse.tokens[n].head == n or parse.tokens[n].head not in within]


def _children(parse: Parse, inside: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for n in inside:
        head = parse.tokens[n].head
        if head != n:
            found.setdefault(head, []).append(n)
    return found


def _is_person(parse: Parse, token: Token) -> bool:
    entity = parse.entity_at(token.start, token.end)
    return entity is not None and entity.label == "PER"


# Verbs of need, will and possession judge the state of things even with a person as subject.
_JUDGING_VERBS = frozenset({"have", "need", "want", "must", "deserve", "lack", "hope"})


def reports_someone(
    parse: Parse, start: int, end: int, speaker: Iterable[str], others: Iterable[str] = ()
) -> bool:
    """Whether the English clause text[start:end] reports what a named third person is or did
    ("Tokayev meets regularly with Putin", "our country was visited by Xi Jinping") with no word
    of judgement in it (no predicative or descriptive adjective other than a nationality, no
    "very"): background the speaker recalls, not their claim."""
    if parse.language != "en":
        return False
    inside = tokens_in(parse, start, end)
    if not inside:
        return False
    children = _children(parse, inside)
    mine = {expert_key(name) for name in speaker}
    known = {expert_key(name) for name in others}
    about_someone = False
    for root in _roots(parse, inside):
        if parse.tokens[root].lemma in _JUDGING_VERBS:
            return False
        for child in children.get(root, []):
            token = parse.tokens[child]
            subject = token.dep in _SUBJECTS
            if token.dep == "agent":
                subject = any(parse.tokens[c].dep == "pobj" for c in children.get(child, []))
                token = next(
                    (
                        parse.tokens[c]
                        for c in children.get(child, [])
                        if parse.tokens[c].dep == "pobj"
                    ),
                    token,
                )
            if subject and token.pos == "PROPN" and _is_person(parse, token):
                entity = parse.entity_at(token.start, token.end)
                if entity is None or _same(expert_key(entity.text), mine):
                    continue
                # a person the article names with a title, or by a full name
                if _same(expert_key(entity.text), known) or " " in entity.text.strip():
                    about_someone = True
    if not about_someone:
        return False
    return not _judges(parse, inside)


_AMOUNTS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_COMPARING_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})


def states_a_figure(parse: Parse, start: int, end: int) -> bool:
    """Whether the English clause is a plain figure ("we have over 7,000 km of border with it"):
    an amount in digits, and no judgement, comparison, modal or negation: a fact cited."""
    if parse.language != "en":
        return False
    if not any(
        e.kind in _AMOUNTS and start <= e.start < end and any(c.isdigit() for c in e.text)
        for e in parse.entities
    ):
        return False
    return not _judges(parse, tokens_in(parse, start, end))


def judges(parse: Parse, start: int, end: int) -> bool:
    """Whether the clause text[start:end] holds a word of judgement: a predicative adjective,
    "very", a comparison, a modal or a negation."""
    return _judges(parse, tokens_in(parse, start, end))


def _judges(parse: Parse, inside: list[int]) -> bool:
    for n in inside:
        token = parse.tokens[n]
        if token.pos == "ADJ" and token.dep in _EVALUATIVE_DEPS:
            return True
        if token.lemma in _EVALUATIVE_ADVERBS or token.dep == "neg" or token.tag in _COMPARING_TAGS:
            return True
        if parse.language == "ru" and (
            token.lemma in _STATE_VERBS or any(f in token.feats for f in _EVALUATIVE_FEATS)
        ):
            return True
        if token.pos == "AUX" and token.lemma in _MODALS:
            return True
    return False


def _same(key: str, speaker: set[str]) -> bool:
    last = key.rsplit("-", 1)[-1]
    return any(key == k or last == k.rsplit("-", 1)[-1] for k in speaker)

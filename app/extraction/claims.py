"""What is claimed in a speaker's words: clauses, their kind, hedge and band.

A sentence may hold several claims ("X will win: his rivals are weak"); it is cut into clauses at
colons, semicolons, dashes and ", so"/", and"/", but", each clause gets a kind from its cues, and
neighbouring clauses of the same kind join back into one claim.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from app import confidence
from app.extraction import claim_cues as cc
from app.extraction import cues
from app.extraction.experts import morph
from app.extraction.patterns import VERB_THAT, alternation, spans
from app.extraction.types import ClaimKind

_W = r"(?<![\w-])"
_E = r"(?![\w-])"
# Hard breaks (colon, semicolon, a dash after a long clause) end a claim; soft ones (", and",
# ", so", ", but") only where the kind changes.
_CLAUSE_BREAK = re.compile(
    r"\s*(?:(?P<hard>[;:]|(?<=\S{3})\s[—–-]\s|,?\s+(?=(?:and|but)\s+that\s|(?:и|а)\s+что\s))"
    r"|,\s+(?=(?:so|and therefore|therefore|but|while|whereas|and|поэтому|так что|но|а"
    r"|и поэтому|однако)\s))\s*"
)
# A connective that opens a piece after a break is not part of the claim ("and", "Но").
_CONNECTIVE = re.compile(
    r"(?i:(?:and|but|so|while|whereas|therefore|and\s+therefore|поэтому|так\s+что|но|а|и"
    r"|однако|зато)(?:\s+(?:that|что))?)\s+"
)
_LEAD_IN = re.compile(rf"{_W}(?i:{alternation(cc.LEAD_INS)}){_E}")
LEAD_IN_WORDS = 7  # a lead-in is a short sentence or clause
_COPULA_DASH = 5  # a Russian dash after fewer words is "X — это Y", not a break
_FUTURE = re.compile(rf"{_W}(?i:{alternation(cc.FUTURE_EN + cc.FUTURE_RU)})", re.IGNORECASE)
_MODAL = re.compile(rf"{_W}(?:{alternation(cc.MODAL_EN + cc.MODAL_RU)}){_E}", re.IGNORECASE)
_PRESCRIPTION = re.compile(
    rf"{_W}(?:{alternation(cc.PRESCRIPTION_EN + cc.PRESCRIPTION_RU)}){_E}", re.IGNORECASE
)
_HEDGE = re.compile(
    rf"{_W}(?:{alternation(cc.TABLE_PHRASES + tuple(cc.HEDGE_ALIASES))}){_E}", re.IGNORECASE
)
_HEDGE_LOWER = re.compile(
    rf"{_W}(?:{alternation(p.lower() for p in cc.TABLE_PHRASES + tuple(cc.HEDGE_ALIASES))}){_E}"
)
_ENGLISH_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|do"
    r"|does|did|shall|[a-z]{2,}(?:ed|es|s))\b|n't\b",
    re.IGNORECASE,
)
_WILL = re.compile(r"(?i)\bwill\b|будет|будут")
_RUSSIAN_WORD = re.compile(r"[а-яё]{4,}", re.IGNORECASE)
MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    kind: ClaimKind
    hedge: str | None = None  # forecasts only
    band: str | None = None


@lru_cache(maxsize=65536)
def _is_future_verb(word: str) -> bool:
    """A Russian perfective verb in the future ("победит", "получит"), in every reading of the
    word: "уходят" may be read as a future, but is a present."""
    verbs = [parse for parse in morph().parse(word) if parse.tag.POS == "VERB"]
    return bool(verbs) and all(parse.tag.tense == "futr" for parse in verbs)


def _has_future(text: str) -> bool:
    if _FUTURE.search(text) or _MODAL.search(text):
        return True
    if not cues.CYRILLIC.search(text):
        return False
    return any(_is_future_verb(w.lower()) for w in _RUSSIAN_WORD.findall(text))


def kind_of(text: str) -> ClaimKind:
    """Forecast (future, modal or hedge cues), prescription (should, must, нужно) or assessment."""
    return classify(text)[0]


def classify(text: str) -> tuple[ClaimKind, str | None, str | None]:
    """The kind and, for a forecast, its hedge and band. A forecast needs a hedge from the table
    (a future or modal cue at least): without one the words are an assessment."""
    hedge, band = hedge_of(text)
    if hedge is not None and cc.HEDGE_ALIASES.get(hedge.lower(), hedge.lower()) not in (
        cc.WEAK_HEDGES
    ):
        return "forecast", hedge, band
    prescribes = _PRESCRIPTION.search(text)
    if prescribes and not _WILL.search(text):
        return "prescription", None, None
    if _has_future(text):
        return "forecast", hedge, band
    return "assessment", None, None


def hedge_of(text: str) -> tuple[str | None, str | None]:
    """The hedge phrase as written and its band: the most specific hedge, else the tense."""
    best: tuple[bool, int, str, str] | None = None
    for start, end in spans(_HEDGE, _HEDGE_LOWER, text):
        written = text[start:end]
        phrase = cc.HEDGE_ALIASES.get(written.lower(), written.lower())
        if phrase in cc.SPEAKER_HEDGES and start > 0:
            continue  # "think"/"считает" hedge only as the speaker's own verb at the start
        rank = (phrase not in cc.WEAK_HEDGES, len(written), written, phrase)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None:
        return None, None
    try:
        return best[2], confidence.for_statement(best[3]).name
    except confidence.UnknownHedgeError:
        return best[2], None


def _is_fragment(text: str) -> bool:
    """Too short, or (in English) with no verb: a phrase, not a claim."""
    if len(text.split()) < MIN_WORDS:
        return True
    return not cues.CYRILLIC.search(text) and not _ENGLISH_VERB.search(text)


SHORT_TAIL = 8  # words: an assessment tail this short after ", and"/", but" continues a claim


def _continues(previous: Clause, kind: ClaimKind, band: str | None, piece: str) -> bool:
    """After a soft break: the same kind with the same hedge goes on as one claim, and a short
    assessment tail goes on after anything; a new kind or a new hedge is a new claim."""
    if kind == previous.kind:
        return band == previous.band
    return kind == "assessment" and len(piece.split()) < SHORT_TAIL


def _breaks(text: str, begin: int, found: re.Match[str]) -> bool:
    """Whether a colon, semicolon or dash really ends a claim (not "X — это Y", not a list)."""
    mark = found.group("hard").strip()
    if not mark:
        return True  # "… and that …": a second clause of the same belief
    after = text[found.end() : found.end() + 80]
    if mark in "—–-":
        # "X — это Y" is one claim, and so is "only one choice - to carry out reforms"
        return len(text[begin : found.start()].split()) >= _COPULA_DASH and not re.match(
            r"(?i)(?:это|to\s+[a-z]+)\b|(?:к|ко|в|во|на|до|для|от|через)\s", after
        )
    if mark == ":":
        if re.match(r"(?i:от|from)\s[^.;:]{1,80}?\s(?i:до|to)\s", after):
            return False  # "… вопросов: от культуры до экономики" spans the list it names
        first_item = re.split(r"[,;.]", after, maxsplit=1)[0]
        return len(first_item.split()) > 2
    return True


def clauses(text: str, start: int, end: int) -> list[Clause]:
    """The claims in text[start:end]: clauses with a kind, same-kind neighbours joined."""
    pieces: list[tuple[int, int, bool]] = []
    begin, hard = start, False
    for found in _CLAUSE_BREAK.finditer(text, start, end):
        if found.group("hard") and not _breaks(text, begin, found):
            continue
        pieces.append((begin, found.start(), hard))
        begin, hard = found.end(), bool(found.group("hard"))
    pieces.append((begin, end, hard))
    joined: list[Clause] = []
    for p_start, p_end, after_hard in pieces:
        piece = text[p_start:p_end]
        if not piece.strip():
            continue
        kind, hedge, band = classify(piece)
        if joined and (
            _is_fragment(piece) or (not after_hard and _continues(joined[-1], kind, band, piece))
        ):
            last = joined[-1]
            joined[-1] = Clause(last.start, p_end, last.kind, last.hedge, last.band)
            continue
        if joined or p_start > start:
            lead = _CONNECTIVE.match(text, p_start, p_end)
            p_start = lead.end() if lead else p_start
        elif kind != "forecast":  # "believes that X is …": the verb grades forecasts only
            lead = VERB_THAT.match(text, p_start, p_end)
            p_start = lead.end() if lead else p_start
        joined.append(Clause(p_start, p_end, kind, hedge, band))
    return [
        clause
        for clause in joined
        if not _is_fragment(text[clause.start : clause.end])
        and not _is_lead_in(text[clause.start : clause.end])
    ]


def _is_lead_in(text: str) -> bool:
    """ "China is a different story", "The investment fund is another matter": no claim."""
    return len(text.split()) <= LEAD_IN_WORDS and bool(_LEAD_IN.search(text))

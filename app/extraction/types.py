"""The extractor's interface: an article in, experts and draft claims out, as plain values.

Everything here is pure data with no database or network, so a statistical extractor can replace
the rules later by producing the same `Extraction` from the same `Article`.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Protocol

ExpertKind = Literal["person", "group"]
ClaimKind = Literal["forecast", "assessment", "prescription"]


@dataclass(frozen=True, slots=True)
class Article:
    """What a caller posts: the text (already normalised with `app.text.normalise`) and metadata.

    `language` is a BCP 47 tag; `None` means "detect it". `author` ("Name" or "Name, role") is
    given for an opinion piece whose author speaks in it: their own unmarked sentences are
    their claims."""

    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class ExpertDraft:
    """Someone who speaks in the article. `key` is a slug, stable for one person across articles
    (the same person spelt two ways gets the same key); `aliases` are the other spellings seen."""

    key: str
    name: str
    kind: ExpertKind
    role: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HorizonDraft:
    """By when a forecast should come true; dates are relative to the article's `published_on`."""

    phrase: str | None
    earliest: dt.date | None
    latest: dt.date | None
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class ClaimDraft:
    """One claim: who (`expert` is an `ExpertDraft.key`), what kind, and the exact words.

    `text[span[0]:span[1]] == quote` always holds. `hedge` is the hedge phrase as written, `band`
    the confidence band's name from `app.confidence` (after flipping when `negated`). `score` is
    the share of drafts with the same evidence, kind and hedging that were right on the
    development set (`app.extraction.score`): reviewers can work the doubtful ones first."""

    expert: str
    kind: ClaimKind
    statement: str
    quote: str
    span: tuple[int, int]
    hedge: str | None = None
    band: str | None = None
    negated: bool = False
    horizon: HorizonDraft | None = None
    topics: tuple[str, ...] = ()
    evidence: str = "carried"  # what names the speaker (`app.extraction.attribute.Evidence`)
    score: float | None = None  # in [0, 1]: how often a draft like this one was right


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result for one article: its language (as given or detected), experts and claims."""

    language: str
    experts: tuple[ExpertDraft, ...] = ()
    claims: tuple[ClaimDraft, ...] = field(default=())


class Extractor(Protocol):
    def __call__(self, article: Article) -> Extraction: ...

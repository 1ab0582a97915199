"""Measured quality: the extractor against annotated articles (the sample's JSON format).

An expert matches an annotated one when `expert_key` of its name or any alias equals that of the
annotated name or any alias. A predicted claim matches an annotated claim of the matched expert
when their spans overlap, one to one, largest overlap first. Kind and band accuracy are counted
over matched pairs (band: annotated forecasts, the band of the annotated hedge, flipped when the
annotation is negated; negated: every matched pair, the draft's `negated` against the annotated).

The statement is measured against the annotated quote with the attribution and fillers cut
(`statement.without_attribution`) and the annotated hedge's words dropped when the hedge is one
the statement leaves out (not the tense: "will", "may", "будет"). Both are compared as sets of
lower-case words, negation words ("not", "не") left out, as negation is scored on its own:
*exact* when the sets are equal, *close* when their Jaccard overlap |A ∩ B| / |A ∪ B| is at least
0.8. The real set's annotated `statement` is an English paraphrase, so it is not the reference.

Two formats are read: the self-written corpus's (`span` and `quote` in each claim, the text beside
the annotation) and the real-article set's (`anchor` pairs, the text in a separate folder, and
`required`: a claim marked `false` may be missed, and a draft matching it is not counted at all).
"""

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import confidence
from app.extraction import claim_cues, nlp
from app.extraction.names import expert_key
from app.extraction.pipeline import extract
from app.extraction.statement import without_attribution
from app.extraction.types import Article, ClaimDraft, ExpertDraft, Extraction
from app.text import normalise


@dataclass(frozen=True, slots=True)
class Annotated:
    """One annotated article: its stem, the article as posted, and the annotation itself."""

    stem: str
    article: Article
    language: str
    data: dict[str, Any]
    split: str = ""


@dataclass(slots=True)
class Counts:
    """True positives and totals for experts and (expert, claim) pairs, kind and band hits."""

    experts_found: int = 0
    experts_predicted: int = 0
    experts_annotated: int = 0
    pairs_found: int = 0
    pairs_predicted: int = 0
    pairs_annotated: int = 0
    kind_right: int = 0
    band_right: int = 0
    band_total: int = 0
    statement_exact: int = 0
    statement_close: int = 0
    negated_right: int = 0
    negated_annotated: int = 0  # matched pairs whose annotation is negated
    negated_found: int = 0  # … that the draft negates too

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, float | int]:
        return {
            "experts_precision": _ratio(self.experts_found, self.experts_predicted),
            "experts_recall": _ratio(self.experts_found, self.experts_annotated),
            "pairs_precision": _ratio(self.pairs_found, self.pairs_predicted),
            "pairs_recall": _ratio(self.pairs_found, self.pairs_annotated),
            "kind_accuracy": _ratio(self.kind_right, self.pairs_found),
            "band_accuracy": _ratio(self.band_right, self.band_total),
            "statement_exact": _ratio(self.statement_exact, self.pairs_found),
            "statement_close": _ratio(self.statement_close, self.pairs_found),
            "negated_accuracy": _ratio(self.negated_right, self.pairs_found),
            "negated_recall": _ratio(self.negated_found, self.negated_annotated),
            "claims_annotated": self.pairs_annotated,
            "claims_predicted": self.pairs_predicted,
        }


@dataclass(slots=True)
class ArticleResult:
    """The scores of one article and, claim by claim, what was found, missed and extra."""

    stem: str
    language: str
    detected: str
    counts: Counts
    split: str = ""
    found: list[tuple[dict[str, Any], ClaimDraft]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[ClaimDraft] = field(default_factory=list)


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


class AnnotationError(Exception):
    """An annotation file, or the text it names, that cannot be read."""


class AnchorError(ValueError):
    """An anchor pair that does not resolve to exactly one span of the text."""


def resolve(text: str, anchor: dict[str, str]) -> tuple[int, int]:
    """The span `[i, j + len(end))` an anchor pair names: `start` occurs once at i, and j is the
    first occurrence of `end` from i on; the span must hold all of `start`."""
    start, end = anchor["start"], anchor["end"]
    count = text.count(start)
    if count != 1:
        raise AnchorError(f"start {start!r} occurs {count} times")
    i = text.index(start)
    j = text.find(end, i)
    if j == -1:
        raise AnchorError(f"end {end!r} does not occur after start {start!r}")
    if j + len(end) < i + len(start):
        raise AnchorError(f"end {end!r} first occurs inside start {start!r}: lengthen it")
    return i, j + len(end)


def load(directory: Path, texts: Path | None = None) -> list[Annotated]:
    """Every `<stem>.json` annotation in a directory with the text its `source.text_file` names,
    looked for in `texts` when given, else beside the annotation. With `texts`, an annotation
    whose text is absent is left out (`missing` lists them)."""
    return load_with_missing(directory, texts)[0]


def load_with_missing(
    directory: Path, texts: Path | None = None
) -> tuple[list[Annotated], list[str]]:
    found, missing = [], []
    for path in sorted(directory.glob("*.json")):
        try:
            item = _annotated(path, texts)
        except _MissingTextError:
            missing.append(path.stem)
            continue
        except (OSError, ValueError, TypeError, AttributeError, KeyError) as exc:
            raise AnnotationError(f"{path}: {exc}") from exc
        if item is not None:
            found.append(item)
    return found, missing


class _MissingTextError(Exception):
    pass


def _annotated(path: Path, texts: Path | None = None) -> Annotated | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    source = (data.get("source") if isinstance(data, dict) else None) or {}
    if "text_file" not in source or "claims" not in data:
        return None  # some other JSON file
    text_path = (texts or path.parent) / source["text_file"]
    if texts is not None and not text_path.is_file():
        if (path.parent / source["text_file"]).is_file():
            text_path = path.parent / source["text_file"]
        else:
            raise _MissingTextError
    text = normalise(text_path.read_text(encoding="utf-8"))
    for claim in data["claims"]:
        if "span" not in claim and "anchor" in claim:
            claim["span"] = list(resolve(text, claim["anchor"]))
            claim["quote"] = text[claim["span"][0] : claim["span"][1]]
    published = source.get("published_on")
    article = Article(
        text=text,
        title=source.get("title"),
        publisher=source.get("publisher"),
        url=source.get("url"),
        published_on=dt.date.fromisoformat(published) if published else None,
        author=_author(source),
    )
    return Annotated(
        path.stem, article, source.get("language") or "und", data, split=path.parent.name
    )


def _author(source: dict[str, Any]) -> str | None:
    """The byline of an opinion piece, as a user would pass it; a reporter's byline is not."""
    return source.get("byline") if source.get("form") == "op-ed" else None


def _keys(name: str, aliases: Iterable[str]) -> set[str]:
    return {key for key in (expert_key(n) for n in (name, *aliases)) if key}


def _match_experts(
    annotated: list[dict[str, Any]], predicted: tuple[ExpertDraft, ...]
) -> dict[str, str]:
    """Predicted expert key → annotated slug, one to one."""
    matched: dict[str, str] = {}
    for gold in annotated:
        gold_keys = _keys(gold["name"], gold.get("aliases") or ())
        for expert in predicted:
            if expert.key not in matched and gold_keys & _keys(expert.name, expert.aliases):
                matched[expert.key] = gold["slug"]
                break
    return matched


def _gold_band(claim: dict[str, Any]) -> str | None:
    hedge = claim.get("hedge")
    if not hedge:
        return None
    try:
        return confidence.for_statement(hedge, negated=bool(claim.get("negated"))).name
    except confidence.UnknownHedgeError:
        return None


CLOSE = 0.8  # Jaccard overlap of word sets for a statement to be a close match
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "не", "ни", "нет"})


def _word_set(text: str) -> frozenset[str]:
    words = (word.lower() for word in _WORD.findall(text))
    return frozenset(word for word in words if word not in _NEGATION_WORDS)


def reference_statement(text: str, gold: dict[str, Any], parse: nlp.Parse | None = None) -> str:
    """The annotated quote as a statement: attribution and fillers cut, and the annotated hedge's
    words dropped unless the hedge is only the tense."""
    start, end = gold["span"]
    words = without_attribution(text, start, end, parse)
    hedge = (gold.get("hedge") or "").lower()
    if hedge and claim_cues.HEDGE_ALIASES.get(hedge, hedge) not in claim_cues.WEAK_HEDGES:
        words = re.sub(
            rf"(?i)(?<![\w-])(?:it\s+is\s+(?:quite\s+|very\s+|highly\s+)?)?{re.escape(hedge)}\w*"
            r"(?:\s*,?\s*(?:that|что)(?![\w-]))?",
            "",
            words,
        )
    return " ".join(words.split())


def word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of two texts' sets of lower-case words (negation words left out)."""
    first, second = _word_set(a), _word_set(b)
    union = first | second
    return len(first & second) / len(union) if union else 1.0


def _overlap(a: tuple[int, int], b: list[int] | tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def score(item: Annotated, extraction: Extraction) -> ArticleResult:
    """How one extraction compares with its annotation."""
    gold_experts = item.data.get("experts") or []
    gold_claims = item.data["claims"]
    matched = _match_experts(gold_experts, extraction.experts)
    required = [bool(gold.get("required", True)) for gold in gold_claims]
    counts = Counts(
        experts_found=len(matched),
        experts_predicted=len(extraction.experts),
        experts_annotated=len(gold_experts),
        pairs_predicted=len(extraction.claims),
        pairs_annotated=sum(required),
    )
    result = ArticleResult(item.stem, item.language, extraction.language, counts, item.split)
    candidates = sorted(
        (
            (_overlap(claim.span, gold["span"]), g, p)
            for g, gold in enumerate(gold_claims)
            for p, claim in enumerate(extraction.claims)
            if matched.get(claim.expert) == gold["expert"]
        ),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for overlap, g, p in candidates:
        if overlap <= 0 or g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        result.found.append((gold_claims[g], extraction.claims[p]))
    optional = [claim for gold, claim in result.found if not gold.get("required", True)]
    result.found = [(gold, claim) for gold, claim in result.found if gold.get("required", True)]
    parse = nlp.parse(item.article.text, extraction.language) if result.found else None
    for gold, claim in result.found:  # kind, band, statement, negated over the pairs found
        counts.kind_right += gold["kind"] == claim.kind
        similar = word_overlap(claim.statement, reference_statement(item.article.text, gold, parse))
        counts.statement_exact += similar == 1.0
        counts.statement_close += similar >= CLOSE
        negated = bool(gold.get("negated"))
        counts.negated_right += negated == claim.negated
        counts.negated_annotated += negated
        counts.negated_found += negated and claim.negated
        if gold["kind"] == "forecast":
            counts.band_total += 1
            counts.band_right += _gold_band(gold) == (claim.band if claim.hedge else None)
    counts.pairs_found = len(result.found)
    counts.pairs_predicted -= len(optional)  # an optional claim found is neither right nor wrong
    result.missed = [
        gold for g, gold in enumerate(gold_claims) if g not in used_gold and required[g]
    ]
    result.extra = [claim for p, claim in enumerate(extraction.claims) if p not in used_pred]
    return result


def run(item: Annotated) -> ArticleResult:
    """Extract one annotated article and score it."""
    return score(item, extract(item.article))


def evaluate(directories: Iterable[Path], texts: Path | None = None) -> list[ArticleResult]:
    """Extract every annotated article in the directories and score it."""
    return [score(item, extract(item.article)) for d in directories for item in load(d, texts)]


def totals(results: Iterable[ArticleResult]) -> dict[str, Counts]:
    """Counts overall ("all"), per annotated language and, where the articles come from more
    than one folder, per folder (the split: dev, test, …) and per folder and language."""
    listed = list(results)
    summary: dict[str, Counts] = {"all": Counts()}
    several = len({result.split for result in listed}) > 1
    languages: dict[str, set[str]] = {}
    for result in listed:
        languages.setdefault(result.split, set()).add(result.language)
    for result in listed:
        summary["all"].add(result.counts)
        summary.setdefault(result.language, Counts()).add(result.counts)
        if several:
            summary.setdefault(result.split, Counts()).add(result.counts)
        if several and len(languages[result.split]) > 1:
            summary.setdefault(f"{result.split}/{result.language}", Counts()).add(result.counts)
    return summary


def silent(results: Iterable[ArticleResult], minimum: int = 3) -> list[str]:
    """Articles whose annotation has at least `minimum` required claims and that yield none."""
    return [
        r.stem for r in results if r.counts.pairs_annotated >= minimum and not r.counts.pairs_found
    ]


def labelled(results: Iterable[ArticleResult]) -> list[tuple[ClaimDraft, bool]]:
    """Every draft with whether an annotation confirms it (optional claims found are left out:
    neither right nor wrong)."""
    return [
        pair
        for result in results
        for pair in (
            *((claim, True) for _, claim in result.found),
            *((claim, False) for claim in result.extra),
        )
    ]

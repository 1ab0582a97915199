"""Measured quality: the extractor against annotated articles (the sample's JSON format).

An expert matches an annotated one when `expert_key` of its name or any alias equals that of the
annotated name or any alias. A predicted claim matches an annotated claim of the matched expert
when their spans overlap, one to one, largest overlap first. Kind and band accuracy are counted
over matched pairs (band: annotated forecasts, the band of the annotated hedge).
"""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import confidence
from app.extraction.names import expert_key
from app.extraction.pipeline import extract
from app.extraction.types import Article, ClaimDraft, ExpertDraft, Extraction
from app.text import normalise


@dataclass(frozen=True, slots=True)
class Annotated:
    """One annotated article: its stem, the article as posted, and the annotation itself."""

    stem: str
    article: Article
    language: str
    data: dict[str, Any]


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
    found: list[tuple[dict[str, Any], ClaimDraft]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[ClaimDraft] = field(default_factory=list)


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


class AnnotationError(Exception):
    """An annotation file, or the text it names, that cannot be read."""


def load(directory: Path) -> list[Annotated]:
    """Every `<stem>.json` annotation in a directory with the text its `source.text_file` names."""
    found = []
    for path in sorted(directory.glob("*.json")):
        try:
            item = _annotated(path)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise AnnotationError(f"{path}: {exc}") from exc
        if item is not None:
            found.append(item)
    return found


def _annotated(path: Path) -> Annotated | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    source = (data.get("source") if isinstance(data, dict) else None) or {}
    if "text_file" not in source or "claims" not in data:
        return None  # some other JSON file
    text = normalise((path.parent / source["text_file"]).read_text(encoding="utf-8"))
    published = source.get("published_on")
    article = Article(
        text=text,
        title=source.get("title"),
        publisher=source.get("publisher"),
        url=source.get("url"),
        published_on=dt.date.fromisoformat(published) if published else None,
    )
    return Annotated(path.stem, article, source.get("language") or "und", data)


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
        return confidence.for_phrase(hedge).name
    except confidence.UnknownHedgeError:
        return None


def _overlap(a: tuple[int, int], b: list[int] | tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def score(item: Annotated, extraction: Extraction) -> ArticleResult:
    """How one extraction compares with its annotation."""
    gold_experts = item.data.get("experts") or []
    gold_claims = item.data["claims"]
    matched = _match_experts(gold_experts, extraction.experts)
    counts = Counts(
        experts_found=len(matched),
        experts_predicted=len(extraction.experts),
        experts_annotated=len(gold_experts),
        pairs_predicted=len(extraction.claims),
        pairs_annotated=len(gold_claims),
    )
    result = ArticleResult(item.stem, item.language, extraction.language, counts)
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
        gold, claim = gold_claims[g], extraction.claims[p]
        result.found.append((gold, claim))
        counts.kind_right += gold["kind"] == claim.kind
        if gold["kind"] == "forecast":
            counts.band_total += 1
            counts.band_right += _gold_band(gold) == (claim.band if claim.hedge else None)
    counts.pairs_found = len(result.found)
    result.missed = [gold for g, gold in enumerate(gold_claims) if g not in used_gold]
    result.extra = [claim for p, claim in enumerate(extraction.claims) if p not in used_pred]
    return result


def evaluate(directories: Iterable[Path]) -> list[ArticleResult]:
    """Extract every annotated article in the directories and score it."""
    return [score(item, extract(item.article)) for d in directories for item in load(d)]


def totals(results: Iterable[ArticleResult]) -> dict[str, Counts]:
    """Counts overall ("all") and per annotated language."""
    summary: dict[str, Counts] = {"all": Counts()}
    for result in results:
        summary["all"].add(result.counts)
        summary.setdefault(result.language, Counts()).add(result.counts)
    return summary

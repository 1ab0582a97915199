"""An export's records as table rows: dates and times parsed, related records' keys read."""

import datetime as dt
from typing import Any


def claim_row(
    r: dict[str, Any], *, experts: dict[str, int], propositions: dict[str, int]
) -> dict[str, Any]:
    """A claim line as its row (the expert and proposition by their ids here)."""
    horizon, confidence, extraction = r["horizon"], r["confidence"], r["extraction"]
    source = key(r["source"], "id")
    proposition = r["proposition"]
    return {
        "id": r["id"],
        "expert_id": experts[key(r["expert"], "slug")],
        "source_id": source,
        "kind": r["kind"],
        "statement": r["statement"],
        "quote": r["quote"],
        "span_start": r["span"]["start"],
        "span_end": r["span"]["end"],
        "quote_prefix": r["selector"]["prefix"],
        "quote_suffix": r["selector"]["suffix"],
        "stated_on": date(r["stated_on"]),
        "horizon_phrase": horizon["phrase"],
        "horizon_earliest": date(horizon["earliest"]),
        "horizon_latest": date(horizon["latest"]),
        "horizon_inferred": horizon["inferred"],
        "hedge_phrase": confidence["phrase"],
        "confidence_band": confidence["band"],
        "probability_low": confidence["low"],
        "probability": confidence["probability"],
        "probability_high": confidence["high"],
        "confidence_scale": confidence["scale"],
        "review": r["review"],
        "extractor": extraction["method"],
        "extractor_version": extraction["version"],
        "extraction_score": extraction["score"],
        "outcome": r["outcome"],
        "proposition_id": propositions[proposition] if proposition else None,
        "stance": r["stance"],
        **tracked(r),
    }


def resolution_row(r: dict[str, Any]) -> dict[str, Any]:
    """A resolution (of a proposition or a claim) as its row's columns."""
    recorded = time(r["recorded_at"])
    evidence = r["evidence"]
    return {
        "outcome": r["outcome"],
        "resolved_on": date(r["resolved_on"]),
        "rationale": r["rationale"],
        "evidence_url": evidence["url"],
        "evidence_quote": evidence["quote"],
        "evidence_date": date(evidence["date"]),
        "resolver": r["resolver"],
        "created_at": recorded,
        "updated_at": recorded,
    }


def key(value: Any, name: str) -> Any:
    """A related record's key, whether the line names it or embeds it (`include=`)."""
    return value[name] if isinstance(value, dict) else value


def tracked(r: dict[str, Any]) -> dict[str, Any]:
    """The created and updated times and the version every tracked record carries."""
    return {
        "created_at": time(r["created_at"]),
        "updated_at": time(r["updated_at"]),
        "version": int(r["version"]),
    }


def date(value: str | None) -> dt.date | None:
    """An ISO date, or None."""
    return dt.date.fromisoformat(value) if value is not None else None


def time(value: str) -> dt.datetime:
    """An ISO time with its zone (`ValueError` without one)."""
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"{value} has no time zone")
    return parsed

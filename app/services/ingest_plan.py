"""Planning an ingestion: the records an article's drafts would store, with nothing written."""

import datetime as dt
import re
from collections.abc import Set

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import confidence, extraction
from app.domain.ingestion import Ingestion, Record
from app.extraction.names import display_slug, same_name
from app.extraction.topics import TOPICS
from app.extraction.types import Article, ClaimDraft, ExpertDraft, Extraction
from app.models import Expert, Review
from app.models.base import utcnow
from app.services import topics
from app.text import selector_context

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def plan(session: Session, article: Article, found: Extraction, digest: str) -> Ingestion:
    """What ingesting the article would store: its source, experts, topics and draft claims."""
    source: Record = {
        "id": None,
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "published_on": article.published_on,
        "language": found.language,
        "content_sha256": digest,
        "text": article.text,
        "version": None,
    }
    people, slug_of = _experts(session, found.experts)
    stated_on = article.published_on or utcnow().date()
    claims = [
        _claim(draft, article.text, slug_of[draft.expert], stated_on) for draft in found.claims
    ]
    used = dict.fromkeys(slug for claim in claims for slug in claim["topics"])
    return Ingestion(source, people, _topics(session, list(used)), claims)


def _experts(
    session: Session, drafts: tuple[ExpertDraft, ...]
) -> tuple[list[Record], dict[str, str]]:
    """Each speaker as a stored expert (matched) or a new one, and each draft key's slug."""
    known = _known_experts(session)
    out: dict[str, Record] = {}
    slug_of: dict[str, str] = {}
    for draft in drafts:
        spellings = (draft.name, *draft.aliases)
        keys = (draft.key, *(extraction.expert_key(s) for s in spellings))
        match = next((known[k] for k in keys if k in known), None) or _variant(known, keys)
        if match is None:
            # A readable slug of the name as written; the folded key is for matching only.
            slug = _free(_slug(display_slug(draft.name) or draft.key), taken=known.keys() | out)
            record = out.setdefault(slug, _new_expert(slug, draft))
            known[draft.key] = record
        else:
            record = out.setdefault(match["slug"], {**match, "aliases": list(match["aliases"])})
            stored = {record["name"], *record["aliases"]}
            record["aliases"] += [s for s in dict.fromkeys(spellings) if s not in stored]
        slug_of[draft.key] = record["slug"]
    return list(out.values()), slug_of


def _variant(known: dict[str, Record], keys: tuple[str, ...]) -> Record | None:
    """The stored person one of these keys is a variant spelling of (Çakmak / Chakmak), within
    the edit bound of `same_name`, by the names it is stored under (not its slug, which may
    belong to another name); groups only ever match exactly."""
    people = {id(r): r for r in known.values() if r["kind"] == "person"}.values()
    for key in dict.fromkeys(keys):
        for record in people:
            names = (record["name"], *record["aliases"])
            if any(same_name(key, extraction.expert_key(name)) for name in names):
                return record
    return None


def _known_experts(session: Session) -> dict[str, Record]:
    """Stored experts by slug and by the key of every spelling of their names (slugs first)."""
    rows = session.execute(
        select(Expert.id, Expert.slug, Expert.name, Expert.kind, Expert.role, Expert.aliases)
    ).mappings()
    records = [{**row, "kind": row["kind"].value, "status": "existing"} for row in rows]
    known = {r["slug"]: r for r in records}
    for record in records:
        for spelling in (record["name"], *record["aliases"]):
            known.setdefault(extraction.expert_key(spelling), record)
    return known


def _new_expert(slug: str, draft: ExpertDraft) -> Record:
    aliases = [a for a in dict.fromkeys(draft.aliases) if a != draft.name]
    return {
        "id": None,
        "slug": slug,
        "name": _clip(draft.name),
        "kind": draft.kind,
        "role": _clip(draft.role),
        "aliases": aliases,
        "status": "new",
    }


def _free(slug: str, *, taken: Set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… when another expert has it."""
    if slug not in taken:
        return slug
    return next(f"{slug[:96]}-{n}" for n in range(2, 10_000) if f"{slug[:96]}-{n}" not in taken)


def _slug(key: str) -> str:
    """The extractor's key as a slug the API accepts (at most 100 characters)."""
    slug = "-".join(re.findall(r"[a-z0-9]+", key.lower()))[:100].strip("-")
    if not _SLUG.match(slug):
        raise RuntimeError(f"The extractor gave the expert key {key!r}, which makes no slug.")
    return slug


def _claim(draft: ClaimDraft, text: str, expert: str, stated_on: dt.date) -> Record:
    start, end = draft.span
    if text[start:end] != draft.quote or start >= end:
        raise RuntimeError(f"The extractor's span {draft.span} is not its quote {draft.quote!r}.")
    prefix, suffix = selector_context(text, start, end)
    horizon = draft.horizon
    band = _band(draft.band)
    return {
        "id": None,
        "expert": expert,
        "kind": draft.kind,
        "statement": draft.statement,
        "quote": draft.quote,
        "span_start": start,
        "span_end": end,
        "quote_prefix": prefix,
        "quote_suffix": suffix,
        "stated_on": stated_on,
        "horizon_phrase": _clip(horizon.phrase) if horizon else None,
        "horizon_earliest": horizon.earliest if horizon else None,
        "horizon_latest": horizon.latest if horizon else None,
        "horizon_inferred": horizon.inferred if horizon else False,
        "hedge_phrase": _clip(draft.hedge),
        "probability_low": band.low if band else None,
        "probability": band.point if band else None,
        "probability_high": band.high if band else None,
        "confidence_band": band.name if band else None,
        "confidence_scale": confidence.SCALE if band else None,
        "review": Review.draft,
        "extractor": extraction.EXTRACTOR,
        "extractor_version": extraction.VERSION,
        "extraction_score": draft.score,
        "topics": list(dict.fromkeys(draft.topics)),
    }


def _clip(phrase: str | None, length: int = 200) -> str | None:
    """A phrase cut to its column's length (names, roles, hedges and horizons are short)."""
    return phrase if phrase is None or len(phrase) <= length else phrase[: length - 1] + "…"


def _band(name: str | None) -> confidence.Band | None:
    """The band a draft names; `not-<band>` is that band flipped (a negated statement)."""
    if name is None:
        return None
    if name.startswith("not-"):
        return confidence.band(name.removeprefix("not-")).negated()
    return confidence.band(name)


def _topics(session: Session, slugs: list[str]) -> list[Record]:
    """The topics named and their ancestors, parents first: stored ones, else the lexicon's."""
    stored = {
        node.slug: {"slug": node.slug, "name": node.name, "parent": node.parent}
        for node in topics.tree_nodes(session)
    }
    out: dict[str, Record] = {}

    def add(slug: str) -> None:
        if slug in out:
            return
        if slug in stored:
            out[slug] = {**stored[slug], "status": "existing"}
            return
        name, parent = _lexicon()[slug]
        if parent is not None:
            add(parent)
        out[slug] = {"slug": slug, "name": name, "parent": parent, "status": "new"}

    for slug in slugs:
        add(slug)
    return list(out.values())


def _lexicon() -> dict[str, tuple[str, str | None]]:
    """The extractor's topics: slug → (name, parent slug)."""
    return {t.slug: (t.name, t.parent) for t in TOPICS}

"""Ingestion: an article's text or HTML in; its source, experts, topics and draft claims out.

The one function around the pure extractor (`app.extraction`) that touches the database; the API's
`POST /v1/sources` and the CLI's `forecasts ingest` both call `ingest`. It is idempotent on the
SHA-256 of the normalised text: the same text again creates nothing and answers with what was
stored. Experts are matched to stored ones by slug or by `expert_key` of any spelling, so the same
person spelt another way (or in Cyrillic) is the stored expert, and the new spelling becomes one
of their aliases. Drafts are not published, so topic claim counts do not move.
"""

import datetime as dt
import re
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import confidence, extraction
from app.errors import ConflictError, ValidationFailedError
from app.extraction.language import detect
from app.extraction.names import display_slug
from app.extraction.topics import TOPICS
from app.extraction.types import Article, ClaimDraft, ExpertDraft, Extraction
from app.models import Claim, Expert, ExpertKind, Review, Source, Topic
from app.models.base import utcnow
from app.services import changes, experts, revisions, sources, topics, writes
from app.services.keys import Principal
from app.text import normalise, selector_context, sha256

Record = dict[str, Any]
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(slots=True)
class Ingestion:
    """What an ingestion found or stored, as plain values (`id` is None for what is not saved)."""

    source: Record
    experts: list[Record] = field(default_factory=list)
    topics: list[Record] = field(default_factory=list)
    claims: list[Record] = field(default_factory=list)
    dry_run: bool = False
    already_ingested: bool = False


def ingest(
    session: Session,
    *,
    values: dict[str, Any],
    actor: Principal,
    dry_run: bool = False,
    extract: bool = True,
) -> Ingestion:
    """Extract the article's drafts and, unless `dry_run`, store them with the source (flushed,
    not committed). The same text again changes nothing and returns what is stored."""
    text = article_text(values)
    digest = sha256(text)
    stored = session.scalar(select(Source).where(Source.content_sha256 == digest))
    if stored is not None:
        return _stored(session, stored, dry_run=dry_run)
    _check_url(session, values.get("url"))
    article = Article(
        text=text,
        title=values["title"],
        publisher=values.get("publisher"),
        url=values.get("url"),
        published_on=values.get("published_on"),
        language=values.get("language"),
    )
    found = extraction.extract(article) if extract else Extraction(_language(article))
    result = _plan(session, article, found, digest)
    result.dry_run = dry_run
    if not dry_run:
        try:
            # In a savepoint begun before anything is added, so that a clash undoes only this.
            with session.begin_nested():
                _save(session, result, actor)
        except ConflictError:
            # Another request stored the same text first (PostgreSQL makes this one wait on the
            # unique hash, then refuses it): answer as for any repeat of that text.
            stored = session.scalar(select(Source).where(Source.content_sha256 == digest))
            if stored is None:
                raise
            return _stored(session, stored, dry_run=False)
    return result


def article_text(values: dict[str, Any]) -> str:
    """The normalised text the spans point into: `text`, or the visible text of `html`."""
    field_name = "text" if values.get("text") is not None else "html"
    raw = values[field_name]
    text = normalise(raw) if field_name == "text" else extraction.html_to_text(raw)
    if not text.strip():
        raise ValidationFailedError(
            f"{field_name}: there is no text in it",
            errors=[
                {
                    "location": "body",
                    "field": field_name,
                    "message": "no text",
                    "type": "value_error",
                }
            ],
        )
    return text


def _language(article: Article) -> str:
    return article.language or detect(article.text)


def _check_url(session: Session, url: str | None) -> None:
    if url is None:
        return
    same = session.scalar(select(Source.id).where(Source.url == url))
    if same is not None:
        raise ConflictError(f"The URL is already stored as source {same}, with another text.")


# Planning: what would be stored, with nothing written.


def _plan(session: Session, article: Article, found: Extraction, digest: str) -> Ingestion:
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
        match = next((known[k] for k in keys if k in known), None)
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
        "extraction_score": None,
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


# Saving: one transaction, flushed here and committed by the caller.


def _save(session: Session, result: Ingestion, actor: Principal) -> None:
    source = sources.create(
        session,
        values={k: result.source[k] for k in _SOURCE_FIELDS},
        actor=actor,
    )
    result.source.update(id=source.id, version=source.version)
    for record in result.topics:
        if record["status"] == "new":
            values = {k: record[k] for k in ("slug", "name", "parent")}
            record["id"] = topics.create(session, values=values, actor=actor).id
    expert_ids = {record["slug"]: _save_expert(session, record, actor) for record in result.experts}
    stored_topics = {
        t.slug: t
        for t in session.scalars(
            select(Topic).where(Topic.slug.in_([t["slug"] for t in result.topics]))
        )
    }
    rows = []
    for record in result.claims:
        columns = {k: v for k, v in record.items() if k not in ("id", "expert", "topics")}
        claim = Claim(**columns, expert_id=expert_ids[record["expert"]], source_id=source.id)
        claim.topics = [stored_topics[slug] for slug in record["topics"]]
        rows.append(claim)
    session.add_all(rows)
    writes.flush(session, conflict="The draft claims could not be stored.")
    for record, claim in zip(result.claims, rows, strict=True):
        record["id"] = claim.id
        revisions.record(
            session,
            entity="claim",
            entity_id=claim.id,
            version=claim.version,
            action="create",
            actor=actor,
            changes=changes.created(_history(record)),
        )
    # Drafts are not published, so no topic's claim count moves (`topics.adjust` would no-op).


_SOURCE_FIELDS = ("title", "text", "url", "publisher", "published_on", "language")


def _save_expert(session: Session, record: Record, actor: Principal) -> int:
    """A new expert created, or a matched one given the article's new spellings as aliases."""
    if record["status"] == "new":
        values = {k: record[k] for k in ("slug", "name", "role", "aliases")}
        values["kind"] = ExpertKind(record["kind"])
        record["id"] = experts.create(session, values=values, actor=actor).id
    else:
        experts.update(
            session,
            slug=record["slug"],
            values={"aliases": record["aliases"]},
            expected=None,
            actor=actor,
        )
    identifier: int = record["id"]
    return identifier


def _history(record: Record) -> dict[str, Any]:
    """A draft's fields as the API names them, JSON-ready, for its `create` revision."""
    date = changes.jsonable
    return {
        "expert": record["expert"],
        "kind": record["kind"],
        "statement": record["statement"],
        "quote": record["quote"],
        "span": {"start": record["span_start"], "end": record["span_end"]},
        "stated_on": date(record["stated_on"]),
        "topics": record["topics"],
        "horizon": {
            "phrase": record["horizon_phrase"],
            "earliest": date(record["horizon_earliest"]),
            "latest": date(record["horizon_latest"]),
            "inferred": record["horizon_inferred"],
        },
        "confidence": {
            "phrase": record["hedge_phrase"],
            "band": record["confidence_band"],
            "low": record["probability_low"],
            "probability": record["probability"],
            "high": record["probability_high"],
        },
        "review": "draft",
        "extraction": {"method": record["extractor"], "version": record["extractor_version"]},
    }


# Already ingested: what is stored, in the same shape.


def _stored(session: Session, source: Source, *, dry_run: bool) -> Ingestion:
    claims = session.scalars(
        select(Claim)
        .where(Claim.source_id == source.id)
        .options(selectinload(Claim.expert), selectinload(Claim.topics))
        .order_by(Claim.span_start, Claim.id)
    ).all()
    result = Ingestion(
        {k: getattr(source, k) for k in _SOURCE_COLUMNS},
        dry_run=dry_run,
        already_ingested=True,
    )
    nodes = {node.slug: node for node in topics.tree_nodes(session)} if claims else {}
    people: dict[str, Record] = {}
    used: dict[str, Record] = {}
    for claim in claims:
        expert = claim.expert
        people.setdefault(expert.slug, _stored_expert(expert))
        for topic in claim.topics:
            node = nodes[topic.slug]
            used.setdefault(
                node.slug,
                {"slug": node.slug, "name": node.name, "parent": node.parent, "status": "existing"},
            )
        columns = {c.key: getattr(claim, c.key) for c in Claim.__table__.columns}
        result.claims.append(
            {**columns, "expert": expert.slug, "topics": sorted(t.slug for t in claim.topics)}
        )
    result.experts, result.topics = list(people.values()), list(used.values())
    return result


_SOURCE_COLUMNS = ("id", "version", "content_sha256", *_SOURCE_FIELDS)


def _stored_expert(expert: Expert) -> Record:
    return {
        "id": expert.id,
        "slug": expert.slug,
        "name": expert.name,
        "kind": expert.kind.value,
        "role": expert.role,
        "aliases": list(expert.aliases),
        "status": "existing",
    }

"""Ingestion: an article's text or HTML in; its source, experts, topics and draft claims out.

The one function around the pure extractor (`app.extraction`) that touches the database; the API's
`POST /v1/sources` and the CLI's `forecasts ingest` both call `ingest`. It is idempotent on the
SHA-256 of the normalised text: the same text again creates nothing and answers with what was
stored. Experts are matched to stored ones by slug or by `expert_key` of any spelling, so the same
person spelt another way (or in Cyrillic) is the stored expert, and the new spelling becomes one
of their aliases. Drafts are not published, so topic claim counts do not move.
"""

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import extraction
from app.domain.ingestion import Ingestion, Record
from app.errors import ConflictError, ValidationFailedError
from app.extraction.language import EXTRACTED, detect, extracted
from app.extraction.segment import sentences
from app.extraction.types import Article, Extraction
from app.models import Claim, Expert, Source
from app.services import topics
from app.services.ingest_plan import plan
from app.services.ingest_save import SOURCE_FIELDS, save
from app.services.keys import Principal
from app.text import normalise, sha256

__all__ = ["Ingestion", "article_text", "ingest"]


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
        author=values.get("author"),
    )
    if extract:
        _check_readable(article, "text" if values.get("text") is not None else "html")
    found = extraction.extract(article) if extract else Extraction(_language(article))
    result = plan(session, article, found, digest)
    result.dry_run = dry_run
    if not dry_run:
        try:
            # In a savepoint begun before anything is added, so that a clash undoes only this.
            with session.begin_nested():
                save(session, result, actor)
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
        raise _invalid(field_name, f"{field_name}: there is no text in it", message="no text")
    return text


def _language(article: Article) -> str:
    return article.language or detect(article.text)


MIN_WORDS = 2  # words of letters that make a sentence (a subject and a verb, at the least)
_WORD = re.compile(r"[^\W\d_]{2,}")


def _check_readable(article: Article, field_name: str) -> None:
    """Refuse what the extractor cannot read — another language, or no sentence at all — rather
    than store a source with no drafts and call it ingested."""
    language = _language(article)
    if not extracted(language):
        field, what = ("language", "given") if article.language else (field_name, "detected")
        raise _invalid(
            field,
            f"{field}: the text's language is {language} ({what}); drafts are extracted from"
            f" {' and '.join(EXTRACTED)} only. Send `extract: false` to store the text alone"
            + ("" if article.language else ", or `language` if the detection is wrong")
            + ".",
        )
    text = article.text
    if not any(len(_WORD.findall(text, s.start, s.end)) >= MIN_WORDS for s in sentences(text)):
        raise _invalid(
            field_name,
            f"{field_name}: there is no sentence in it (a run of at least {MIN_WORDS} words) to"
            " read claims from. Send `extract: false` to store it alone.",
        )


def _invalid(field: str, detail: str, message: str | None = None) -> ValidationFailedError:
    """A 422 about one field of the body, in the shape request validation answers."""
    error = {"location": "body", "field": field, "message": message or detail}
    error["type"] = "value_error"
    return ValidationFailedError(detail, errors=[error])


def _check_url(session: Session, url: str | None) -> None:
    if url is None:
        return
    same = session.scalar(select(Source.id).where(Source.url == url))
    if same is not None:
        raise ConflictError(f"The URL is already stored as source {same}, with another text.")


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


_SOURCE_COLUMNS = ("id", "version", "content_sha256", *SOURCE_FIELDS)


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

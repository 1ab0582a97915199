"""The sample data set: the seed article's experts, topics and claims, curated by hand.

`app/sample/kazakhstan-path.json` names each claim's quote and span; bands come from the
confidence table at load time, so the data and the table cannot drift apart.
"""

import datetime as dt
import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import confidence
from app.models import (
    Claim,
    ClaimKind,
    Expert,
    ExpertKind,
    Proposition,
    Review,
    Source,
    Stance,
    Topic,
)
from app.services import resolutions
from app.services import topics as topics_service
from app.services.keys import Principal
from app.text import normalise, selector_context, sha256

SAMPLE_FILE = "kazakhstan-path.json"


def data() -> dict[str, Any]:
    """The sample data file, parsed."""
    folder = resources.files("app.sample")
    loaded: dict[str, Any] = json.loads(folder.joinpath(SAMPLE_FILE).read_text("utf-8"))
    loaded["source"]["text"] = normalise(
        folder.joinpath(loaded["source"]["text_file"]).read_text("utf-8")
    )
    return loaded


def is_loaded(session: Session) -> bool:
    """True when the sample's source is in the database."""
    url = data()["source"]["url"]
    return session.scalar(select(Source.id).where(Source.url == url)) is not None


def is_empty(session: Session) -> bool:
    """True when the database holds no source and no expert: a new installation."""
    return (
        session.scalar(select(Source.id).limit(1)) is None
        and session.scalar(select(Expert.id).limit(1)) is None
    )


def load(session: Session) -> int:
    """Add the sample to the database unless it is there already; returns claims added."""
    if is_loaded(session):
        return 0
    sample = data()
    topics = _topics(session, sample["topics"])
    experts = {e["slug"]: _expert(e) for e in sample["experts"]}
    source = _source(sample["source"])
    session.add_all([*experts.values(), source])
    session.flush()
    for item in sample["claims"]:
        claim = _claim(item, source, experts[item["expert"]])
        claim.topics = [topics[slug] for slug in item["topics"]]
        session.add(claim)
    session.flush()
    topics_service.recount(session)
    _propositions(session, sample["propositions"], source)
    return len(sample["claims"])


SAMPLE = Principal(key_id=None, name="Forecast Ledger sample", scopes=frozenset({"admin"}))


def _propositions(session: Session, items: list[dict[str, Any]], source: Source) -> None:
    """The sample's propositions, their claims linked, and what is on public record resolved."""
    for item in items:
        proposition = Proposition(
            slug=item["slug"],
            text=item["text"],
            criteria=item["criteria"],
            resolve_by=_date(item["resolve_by"]),
            topics=list(session.scalars(select(Topic).where(Topic.slug.in_(item["topics"])))),
        )
        session.add(proposition)
        session.flush()
        for link in item["claims"]:
            claim = session.scalars(
                select(Claim).where(Claim.source_id == source.id, Claim.quote == link["quote"])
            ).one()
            claim.proposition_id, claim.stance = proposition.id, Stance(link["stance"])
        session.flush()
        if "resolution" in item:
            values = {**item["resolution"], "resolved_on": _date(item["resolution"]["resolved_on"])}
            resolutions.resolve_proposition(
                session, slug=proposition.slug, values=values, actor=SAMPLE
            )


def _topics(session: Session, items: list[dict[str, Any]]) -> dict[str, Topic]:
    existing = {t.slug: t for t in session.scalars(select(Topic))}
    for item in items:  # parents come before their children in the file
        if item["slug"] in existing:
            continue
        parent = existing[item["parent"]] if item["parent"] else None
        topic = Topic(
            slug=item["slug"],
            name=item["name"],
            parent_id=parent.id if parent else None,
            path=(parent.path if parent else "/") + item["slug"] + "/",
        )
        session.add(topic)
        session.flush()  # the id is needed by the children that follow
        existing[item["slug"]] = topic
    return existing


def _expert(item: dict[str, Any]) -> Expert:
    return Expert(
        slug=item["slug"],
        name=item["name"],
        kind=ExpertKind(item["kind"]),
        role=item.get("role"),
        affiliation=item.get("affiliation"),
        country=item.get("country"),
        aliases=item.get("aliases", []),
        links=item.get("links", {}),
    )


def _source(item: dict[str, Any]) -> Source:
    return Source(
        url=item["url"],
        title=item["title"],
        publisher=item["publisher"],
        published_on=dt.date.fromisoformat(item["published_on"]),
        language=item["language"],
        text=item["text"],
        content_sha256=sha256(item["text"]),
    )


def _claim(item: dict[str, Any], source: Source, expert: Expert) -> Claim:
    start, end = item["span"]
    prefix, suffix = selector_context(source.text, start, end)
    horizon = item.get("horizon") or {}
    claim = Claim(
        expert_id=expert.id,
        source_id=source.id,
        kind=ClaimKind(item["kind"]),
        statement=item["statement"],
        quote=item["quote"],
        span_start=start,
        span_end=end,
        quote_prefix=prefix,
        quote_suffix=suffix,
        stated_on=source.published_on,
        horizon_phrase=horizon.get("phrase"),
        horizon_earliest=_date(horizon.get("earliest")),
        horizon_latest=_date(horizon.get("latest")),
        horizon_inferred=horizon.get("inferred", False),
        review=Review.verified,
        extractor="human",
    )
    if "hedge" in item:
        band = confidence.for_statement(item["hedge"], negated=item.get("negated", False))
        claim.hedge_phrase = item["hedge"]
        claim.probability_low, claim.probability, claim.probability_high = (
            band.low,
            band.point,
            band.high,
        )
        claim.confidence_band = band.name
        claim.confidence_scale = confidence.SCALE
    return claim


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None

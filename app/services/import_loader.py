"""The import's loader: each record matched to what is here or inserted, claims in batches."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from app.errors import AppError
from app.models import (
    Claim,
    Expert,
    Proposition,
    Resolution,
    Source,
    Topic,
    claim_topics,
    proposition_topics,
)
from app.services.import_rows import claim_row, date, key, resolution_row, time, tracked
from app.text import sha256

BATCH = 500
_TABLE: dict[str, Table] = {
    m.__tablename__: m.__table__  # type: ignore[misc]
    for m in (Claim, Expert, Proposition, Resolution, Source, Topic)
}


class ExportFileError(AppError):
    status, slug, title = 422, "invalid-export", "Not a complete export"


@dataclass
class Counts:
    """Records created and skipped (already here), by type."""

    created: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass
class Loader:
    """What the records read so far left: ids by key, and claims waiting to be inserted."""

    session: Session
    counts: Counts = field(default_factory=Counts)
    topics: dict[str, tuple[int, str]] = field(default_factory=dict)  # slug → (id, path)
    experts: dict[str, int] = field(default_factory=dict)
    propositions: dict[str, int] = field(default_factory=dict)
    via: dict[str, int] = field(default_factory=dict)  # `slug/n` → resolution id
    sources: set[int] = field(default_factory=set)
    claims: list[dict[str, Any]] = field(default_factory=list)  # waiting to be inserted
    claim_lines: int = 0
    end: dict[str, Any] | None = None
    line: int = 0  # the line being read, or the one a batch insert failed on

    def topic(self, r: dict[str, Any]) -> None:
        if not self.topics:
            rows = self.session.execute(select(Topic.slug, Topic.id, Topic.path))
            self.topics = {slug: (id_, path) for slug, id_, path in rows}
        if r["slug"] in self.topics:
            self.counts.skipped["topic"] += 1
            return
        parent_id, parent_path = self.topics[r["parent"]] if r["parent"] else (None, "/")
        path = f"{parent_path}{r['slug']}/"
        values = {"slug": r["slug"], "name": r["name"], "parent_id": parent_id, "path": path}
        self.topics[r["slug"]] = (self._insert("topics", values), path)
        self.counts.created["topic"] += 1

    def expert(self, r: dict[str, Any]) -> None:
        found = self.session.scalar(select(Expert.id).where(Expert.slug == r["slug"]))
        if found is not None:
            self.experts[r["slug"]] = found
            self.counts.skipped["expert"] += 1
            return
        keys = ("slug", "name", "kind", "role", "affiliation", "country", "aliases", "links")
        self.experts[r["slug"]] = self._insert("experts", {k: r[k] for k in keys} | tracked(r))
        self.counts.created["expert"] += 1

    def source(self, r: dict[str, Any]) -> None:
        here = self.session.execute(
            select(Source.id, Source.content_sha256).where(
                (Source.id == r["id"]) | (Source.content_sha256 == r["content_sha256"])
            )
        ).all()
        if any(row == (r["id"], r["content_sha256"]) for row in here):
            self.sources.add(r["id"])
            self.counts.skipped["source"] += 1
            return
        if sha256(r["text"]) != r["content_sha256"]:
            raise ExportFileError(f"Source {r['id']}: its text does not match its content_sha256.")
        if here:
            raise ExportFileError(
                f"Source {r['id']} of the file conflicts with source {here[0][0]} here "
                "(the same id with other text, or the same text under another id)."
            )
        keys = ("id", "url", "title", "publisher", "language", "content_sha256", "text")
        values = {k: r[k] for k in keys} | tracked(r)
        values["published_on"] = date(r["published_on"])
        values["retrieved_at"] = time(r["retrieved_at"])
        self._insert("sources", values)
        self.sources.add(r["id"])
        self.counts.created["source"] += 1

    def proposition(self, r: dict[str, Any]) -> None:
        found = self.session.scalar(select(Proposition.id).where(Proposition.slug == r["slug"]))
        if found is not None:
            self.propositions[r["slug"]] = found
            # Its resolutions keep their `slug/n` keys (numbered by id, as exports number them),
            # so claim resolutions in this file still link to the one they came from.
            query = select(Resolution.id).where(Resolution.proposition_id == found)
            ids = self.session.scalars(query.order_by(Resolution.id))
            self.via |= {f"{r['slug']}/{n}": id_ for n, id_ in enumerate(ids, 1)}
            self.counts.skipped["proposition"] += 1
            return
        values = {k: r[k] for k in ("slug", "text", "criteria")} | tracked(r)
        values["resolve_by"] = date(r["resolve_by"])
        proposition_id = self.propositions[r["slug"]] = self._insert("propositions", values)
        if r["topics"]:
            self.session.execute(
                insert(proposition_topics),
                [
                    {"proposition_id": proposition_id, "topic_id": self.topics[s][0]}
                    for s in r["topics"]
                ],
            )
        for resolution in r["resolutions"]:
            values = resolution_row(resolution) | {"proposition_id": proposition_id}
            self.via[resolution["key"]] = self._insert("resolutions", values)
        self.counts.created["proposition"] += 1

    def claim(self, r: dict[str, Any]) -> None:
        self.claim_lines += 1
        missing = CLAIM_KEYS - set(r)
        if missing:
            raise ExportFileError(
                f"Claim {r.get('id')} lacks {', '.join(sorted(missing))}: "
                "import an export made without `fields`."
            )
        topics = [self.topics[key(t, "slug")][0] for t in r["topics"]]
        source = key(r["source"], "id")
        if source not in self.sources:
            raise ExportFileError(f"Claim {r['id']} comes before its source {source}.")
        row = claim_row(r, experts=self.experts, propositions=self.propositions)
        self.claims.append({"row": row, "topics": topics, "resolutions": [], "line": self.line})
        if len(self.claims) >= BATCH:
            self.flush()

    def resolution(self, r: dict[str, Any]) -> None:
        if not self.claims or self.claims[-1]["row"]["id"] != r["claim"]:
            raise ExportFileError(f"A resolution of claim {r['claim']} does not follow it.")
        via = self.via.get(r["via"]) if r["via"] else None
        self.claims[-1]["resolutions"].append(resolution_row(r) | {"via_id": via})

    def trailer(self, r: dict[str, Any]) -> None:
        self.end = r

    def flush(self) -> None:
        """Insert the claims waiting (those not here already), their topics and resolutions."""
        if not self.claims:
            return
        waiting, self.claims = self.claims, []
        here = {
            row.id: (row.source_id, row.span_start, row.span_end)
            for row in self.session.execute(
                select(Claim.id, Claim.source_id, Claim.span_start, Claim.span_end).where(
                    Claim.id.in_([c["row"]["id"] for c in waiting])
                )
            )
        }
        new = []
        for c in waiting:
            row = c["row"]
            if row["id"] not in here:
                new.append(c)
            elif here[row["id"]] == (row["source_id"], row["span_start"], row["span_end"]):
                self.counts.skipped["claim"] += 1
            else:
                raise ExportFileError(f"Claim {row['id']} of the file is another claim here.")
        if not new:
            return
        self._insert_claims(new)
        links = [{"claim_id": c["row"]["id"], "topic_id": t} for c in new for t in c["topics"]]
        if links:
            self.session.execute(insert(claim_topics), links)
        for c in new:
            self.line = c["line"]
            for values in c["resolutions"]:
                values = values | {"claim_id": c["row"]["id"]}
                self.session.execute(insert(_TABLE["resolutions"]).values(values))
        self.counts.created["claim"] += len(new)

    def _insert_claims(self, new: list[dict[str, Any]]) -> None:
        """One insert for the batch; if it fails, one per claim, to name the line at fault."""
        try:
            with self.session.begin_nested():
                self.session.execute(insert(_TABLE["claims"]), [c["row"] for c in new])
        except StatementError:
            for c in new:
                self.line = c["line"]
                with self.session.begin_nested():
                    self.session.execute(insert(_TABLE["claims"]).values(c["row"]))
            raise
        misplaced = self.session.scalar(
            select(Claim.id)
            .join(Source, Source.id == Claim.source_id)
            .where(Claim.id.in_([c["row"]["id"] for c in new]))
            .where(Claim.quote != _AT_SPAN)
            .limit(1)
        )
        if misplaced is not None:
            raise ExportFileError(
                f"Claim {misplaced}: its quote is not the text of its source at its span."
            )

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        statement = insert(_TABLE[table]).values(values).returning(_TABLE[table].c.id)
        new_id: int = self.session.execute(statement).scalar_one()
        return new_id


CLAIM_KEYS = frozenset(
    {"id", "kind", "statement", "quote", "expert", "source", "topics", "span", "selector"}
    | {"stated_on", "horizon", "confidence", "review", "proposition", "stance", "outcome"}
    | {"extraction", "created_at", "updated_at", "version"}
)


# The text a claim's span points at (SQL strings count from 1, in characters as Python does).
_AT_SPAN = func.substr(Source.text, Claim.span_start + 1, Claim.span_end - Claim.span_start)

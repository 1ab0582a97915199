"""Databases for the fuzz that start alike: a template per engine holding the sample and the
fuzz's keys, copied afresh for an app and put back before each stateful workflow, so that what
one workflow writes never changes what the next draws; and requests the sample accepts, which
open the chains of links random requests seldom reach."""

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import migrate
from app.db import make_engine, make_sessionmaker, transaction
from app.main import create_app
from app.models import Claim, Source
from app.services import generations, keys, sample
from tests.conftest import settings_for

SCOPES = ["write", "resolve", "ingest", "admin"]


@dataclass(frozen=True)
class Accepted:
    """A request the template's data accept: method, path, path parameters, body (if any)."""

    method: str
    path: str
    parameters: dict[str, Any]
    body: dict[str, Any] | None = None


@dataclass
class Databases:
    """Databases of one engine that start alike: a template holding the sample and the fuzz
    keys, and copies of it made afresh, so that what one run writes never reaches another."""

    template: str
    bearers: list[str | None]  # none, then one key per scope
    every_scope: str  # a key that may do everything
    accepted: list[Accepted]  # requests its data accept

    def restore(self, url: str) -> None:
        """Make the database at `url` (none of whose connections is open) the template again."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            target = Path(str(parsed.database))
            for leftover in (target.with_name(f"{target.name}{end}") for end in ("-wal", "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(str(make_url(self.template).database), target)
            return
        drop(url)
        template = make_url(self.template).database
        on_server(url, f'CREATE DATABASE "{parsed.database}" TEMPLATE "{template}"')


def filled(url: str) -> Databases:
    """The template at `url`: migrated, the sample loaded, a key of each scope and one of all."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        sample.load(session)
        made = [keys.create(session, name=f"fuzz-{s}", scopes=[s])[1] for s in SCOPES]
        every_scope = keys.create(session, name="fuzz-workflow", scopes=SCOPES)[1]
        source_id = session.scalars(select(Source.id)).one()
        claim_id = session.scalars(select(Claim.id).order_by(Claim.id).limit(1)).one()
    engine.dispose()
    return Databases(url, [None, *made], every_scope, accepted_requests(source_id, claim_id))


def accepted_requests(source_id: int, claim_id: int) -> list[Accepted]:
    """Requests that succeed on the sample, one for each operation whose links start chains
    that random requests seldom open: a claim must quote its source at the right span, an
    article be in a language the extractor reads (once stored, it is a 200), a merge name
    another expert, and an edit or a read name a record that exists."""
    data = sample.data()
    quoted = data["claims"][0]
    start, end = quoted["span"]
    claim = {
        "expert": quoted["expert"],
        "source": source_id,
        "kind": "forecast",
        "statement": "A statement the fuzz writes.",
        "quote": quoted["quote"],
        "span": {"start": start, "end": end},
    }
    source = data["source"]
    person, other = (e["slug"] for e in data["experts"] if e["kind"] == "person")
    claim_at, source_at = {"claim_id": claim_id}, {"source_id": source_id}
    expert_at, topic_at = {"slug": person}, {"slug": "russia"}
    proposition_at = {"slug": data["propositions"][0]["slug"]}
    article = {"title": "Tariffs", "language": "en", "text": TARIFFS}
    return [
        Accepted("POST", "/v1/claims", {}, claim),
        Accepted("POST", "/v1/experts", {}, {"slug": "fuzz", "name": "Fuzz", "kind": "person"}),
        Accepted("POST", "/v1/sources", {}, article),
        Accepted("POST", "/v1/sources", {}, {"title": source["title"], "text": source["text"]}),
        Accepted("POST", "/v1/topics", {}, {"slug": "fuzz", "name": "Fuzz"}),
        Accepted("POST", "/v1/propositions", {}, {"slug": "fuzz", "text": "Nothing is found."}),
        Accepted("GET", "/v1/claims/{claim_id}", claim_at),
        Accepted("GET", "/v1/experts", {}),
        Accepted("GET", "/v1/experts/{slug}", expert_at),
        Accepted("GET", "/v1/sources", {}),
        Accepted("GET", "/v1/sources/{source_id}", source_at),
        Accepted("GET", "/v1/topics/{slug}", topic_at),
        Accepted("GET", "/v1/propositions", {}),
        Accepted("GET", "/v1/propositions/{slug}", proposition_at),
        Accepted("PATCH", "/v1/claims/{claim_id}", claim_at, {"statement": "Edited."}),
        Accepted("PATCH", "/v1/experts/{slug}", expert_at, {"role": "analyst"}),
        Accepted("PATCH", "/v1/sources/{source_id}", source_at, {"publisher": "Agency"}),
        Accepted("PATCH", "/v1/topics/{slug}", topic_at, {"name": "Russia"}),
        Accepted("PATCH", "/v1/propositions/{slug}", proposition_at, {"criteria": "Polls."}),
        Accepted("POST", "/v1/experts/{slug}/merge", {"slug": other}, {"into": person}),
        # Last: a retracted claim can still be read, but no longer edited.
        Accepted("DELETE", "/v1/claims/{claim_id}", claim_at),
    ]


TARIFFS = "Economist Aigerim Sarsenova said tariffs will almost certainly rise next year."


@contextmanager
def fresh_app(databases: Databases) -> Iterator[tuple[FastAPI, str]]:
    """An app over a new copy of the template, and that copy's URL; the copy is dropped after."""
    parsed = make_url(databases.template)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database))
        url = str(parsed.set(database=str(path.with_name(f"{uuid.uuid4().hex}.db"))))
    else:
        url = parsed.set(database=f"{parsed.database}_{uuid.uuid4().hex[:8]}").render_as_string(
            hide_password=False
        )
    databases.restore(url)
    app = create_app(settings_for(url, rate_limits=False))
    try:
        yield app, url
    finally:
        app.state.engine.dispose()
        app.state.write_sessions.kw["bind"].dispose()
        drop(url)


def drop(url: str) -> None:
    """Remove the database at `url` (its file and journal, or its PostgreSQL database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(str(parsed.database))
        for end in ("", "-wal", "-shm"):
            path.with_name(f"{path.name}{end}").unlink(missing_ok=True)
        return
    on_server(url, f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def on_server(url: str, statement: str) -> None:
    """Run `statement` on the PostgreSQL server of `url`, outside any transaction."""
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def reset(app: FastAPI, url: str, databases: Databases) -> None:
    """Put the app's database back to the template's data, with nothing cached from before."""
    app.state.engine.dispose()
    app.state.write_sessions.kw["bind"].dispose()
    databases.restore(url)
    app.state.facet_cache = generations.Cache()

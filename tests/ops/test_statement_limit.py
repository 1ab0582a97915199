"""The statement time limit of the engines: a runaway statement is stopped on both engines, the
limit outlives the facets' own deadline, and a slow reader of a long result is never cut off."""

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.db import make_engine
from app.services.facets import FacetTimeoutError, bounded
from tests.ops.test_contention import RUNAWAY

LIMIT_MS = 300


@pytest.fixture
def limited(engine: Engine) -> Iterator[Engine]:
    url = engine.url.render_as_string(hide_password=False)
    limited = make_engine(url, statement_timeout_ms=LIMIT_MS)
    yield limited
    limited.dispose()


def _runaway_is_stopped(session: Session, dialect: str) -> None:
    with pytest.raises(OperationalError), session.begin_nested():
        session.execute(text(RUNAWAY[dialect])).scalar_one()


def test_a_runaway_statement_is_stopped_even_after_a_facet_deadline(limited: Engine) -> None:
    dialect = limited.dialect.name
    with Session(limited) as session, session.begin():
        _runaway_is_stopped(session, dialect)
        with pytest.raises(FacetTimeoutError), bounded(session, time.monotonic() + 0.1):
            session.execute(text(RUNAWAY[dialect])).scalar_one()
        _runaway_is_stopped(session, dialect)  # the facets put the limit back
        assert session.execute(text("SELECT 1")).scalar_one() == 1


def test_a_slow_reader_of_a_long_result_is_not_cut_off(limited: Engine) -> None:
    series = {
        "sqlite": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50)"
        " SELECT n FROM r",
        "postgresql": "SELECT generate_series(1, 50)",
    }[limited.dialect.name]
    with limited.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(text(series))
        taken = []
        for row in rows:  # 50 rows, 10 ms apart: longer than the limit in all
            taken.append(row[0])
            time.sleep(0.01)
    assert taken == list(range(1, 51))

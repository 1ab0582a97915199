"""A serving app keeps its start-up objects out of the collector's walks, and gives them back."""

import gc

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app import collector
from app.main import create_app
from tests.conftest import settings_for


def test_a_serving_app_freezes_its_start_up_and_restores_the_collector_when_it_stops(
    engine: Engine,
) -> None:
    before = gc.get_threshold()
    app = create_app(
        settings_for(str(engine.url.render_as_string(hide_password=False)), rate_limits=False)
    )
    with TestClient(app) as client:
        assert client.get("/v1/claims?limit=1").status_code == 200
        assert gc.get_freeze_count() > 10_000  # the routes, models and schemas start-up made
        assert gc.get_threshold() == collector.THRESHOLDS
    assert gc.get_freeze_count() == 0  # an app that stopped can be freed
    assert gc.get_threshold() == before


def test_garbage_made_while_serving_is_still_collected(database_url: str) -> None:
    app = create_app(settings_for(database_url, rate_limits=False))  # no request: no tables needed
    with TestClient(app):
        cycle: list[object] = []
        cycle.append(cycle)
        made = id(cycle)
        del cycle
        gc.collect()
        assert all(id(o) != made for o in gc.get_objects())

"""Fixtures of the API tests that need more than the shared ones in tests/conftest.py."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session


@pytest.fixture
def exporting(app: FastAPI, client: TestClient, session: Session) -> Iterator[TestClient]:
    """The client, with streamed exports (which open their own session) reading in the test's
    rolled-back transaction too, so they see what the test made."""

    @contextmanager
    def in_test() -> Iterator[Session]:
        yield session

    sessions = app.state.sessions
    app.state.sessions = in_test
    try:
        yield client
    finally:
        app.state.sessions = sessions

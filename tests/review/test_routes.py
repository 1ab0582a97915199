"""`/review`: the page and its assets under a strict CSP, and the key look-up of signing in."""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Keys


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/review", "text/html"),
        ("/review/assets/review.js", "text/javascript"),
        ("/review/assets/review.css", "text/css"),
    ],
)
def test_the_page_and_its_assets_forbid_inline_code_and_framing(
    client: TestClient, path: str, media_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    csp = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_page_has_no_inline_script_or_style(client: TestClient) -> None:
    html = client.get("/review").text
    assert '<script src="http://testserver/review/assets/review.js" defer></script>' in html
    assert "<script>" not in html
    assert "<style" not in html
    assert "style=" not in html
    assert " on" + "click=" not in html


def test_an_unknown_asset_is_a_problem_404(client: TestClient) -> None:
    response = client.get("/review/assets/../main.py")
    assert response.status_code == 404
    missing = client.get("/review/assets/other.js")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_the_key_look_up_names_the_key_and_whether_it_may_write(
    client: TestClient, keys: Keys
) -> None:
    editor = client.get("/review/key", headers=keys.headers("write", name="editor"))
    reader = client.get("/review/key", headers=keys.headers("resolve", name="reader"))
    admin = client.get("/review/key", headers=keys.headers("admin", name="root"))
    ingester = client.get("/review/key", headers=keys.headers("write", "ingest", name="desk"))
    assert editor.json() == {"name": "editor", "scopes": ["write"], "write": True, "ingest": False}
    assert reader.json() == {
        "name": "reader",
        "scopes": ["resolve"],
        "write": False,
        "ingest": False,
    }
    assert ingester.json()["ingest"] is True
    assert (admin.json()["write"], admin.json()["ingest"]) == (True, True)


@pytest.mark.parametrize(
    "header",
    [None, "Bearer fl_000000000000_" + "x" * 40, "Bearer not-a-key", "Basic abc"],
)
def test_the_key_look_up_refuses_a_missing_or_bad_key(
    client: TestClient, header: str | None
) -> None:
    response = client.get("/review/key", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/unauthorized"


def test_a_revoked_key_is_refused_at_once(client: TestClient, keys: Keys) -> None:
    from app.services import keys as key_service

    headers = keys.headers("write", name="leaver")
    assert client.get("/review/key", headers=headers).status_code == 200
    key_service.revoke(keys.session, prefix=headers["Authorization"].split("_")[1])
    assert client.get("/review/key", headers=headers).status_code == 401

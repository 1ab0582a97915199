"""What the real server sends on every answer: no software banner, and the hardening headers."""

import stat
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import serving

PATHS = ["/", "/livez", "/v1/claims?limit=1", "/v1/claims?limit=0", "/nowhere", "/docs"]


@pytest.mark.parametrize("path", [*PATHS, "/embed/claims?limit=1"])
def test_no_server_header_names_the_software(live_server: str, path: str) -> None:
    response = httpx.get(f"{live_server}{path}")
    assert "server" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", PATHS)
def test_every_answer_but_the_embeds_forbids_framing(live_server: str, path: str) -> None:
    policy = httpx.get(f"{live_server}{path}").headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy


def test_served_without_a_key_the_cursors_survive_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    with serving(url, tmp_path) as base_url:
        next_url = httpx.get(f"{base_url}/v1/claims", params={"limit": 2}).json()["next"]
    kept = tmp_path / "kept.db.secret"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    with serving(url, tmp_path) as base_url:
        again = httpx.get(next_url.replace(next_url.split("/v1/")[0], base_url))
    assert again.status_code == 200, again.text

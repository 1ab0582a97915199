"""Kazbek Beisebayev's scorecard is the same from the API and the CLI, on both engines."""

import json

import httpx

from tests.e2e.conftest import Server, forecasts


def test_the_cli_and_the_api_agree_on_beisebayev(fresh_server: Server) -> None:
    api = httpx.get(f"{fresh_server.base_url}/v1/experts/kazbek-beisebayev/scorecard").json()
    cli = forecasts(fresh_server.database_url, "scorecard", "kazbek-beisebayev", "--json")
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == api
    assert api["counts"]["scored"] == 1
    assert api["counts"]["open"] == 2
    assert api["brier"] == 0.0049
    table = forecasts(fresh_server.database_url, "scorecard", "kazbek-beisebayev").stdout
    assert "0.0049" in table

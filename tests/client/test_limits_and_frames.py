"""429s waited out, DataFrames with the schema's dtypes, and the command line."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from forecast_ledger_client import Client, RateLimitedError, Retries

from tests.client.conftest import BULK_EXPERT, Api
from tests.client.test_reads import recorded

CLI = Path(sys.executable).parent / "forecast-ledger-client"


def test_a_429_with_retry_after_is_waited_out(limited_api: Api) -> None:
    with Client(limited_api.base_url) as client:
        recorder = recorded(client)
        answers = [client.expert("gaziz-abishev").slug for _ in range(4)]
    assert answers == ["gaziz-abishev"] * 4
    assert 429 in recorder.statuses  # the server did refuse, and the client waited and retried


def test_a_429_beyond_the_retries_is_raised_with_its_problem(limited_api: Api) -> None:
    def burst(client: Client) -> None:
        for _ in range(5):  # two a second are allowed
            client.expert("gaziz-abishev")

    client = Client(limited_api.base_url, retries=Retries(attempts=1))
    with client, pytest.raises(RateLimitedError) as limited:
        burst(client)
    assert limited.value.status == 429
    assert limited.value.response.headers["Retry-After"] == "1"


def test_claims_to_pandas_has_the_schema_dtypes_and_streams_ndjson(api: Api) -> None:
    with Client(api.base_url) as client:
        recorder = recorded(client)
        frame = client.claims(expert="gaziz-abishev", topic="russia").to_pandas()
    assert recorder.paths == ["/v1/claims.ndjson"]
    assert list(frame["id"]) == [26, 25, 23, 20, 19, 18, 17, 16, 15]
    assert pd.api.types.is_datetime64_dtype(frame["stated_on"])
    assert pd.api.types.is_datetime64_any_dtype(frame["created_at"])
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert frame["confidence_low"].dtype == "float64"
    assert frame["confidence_high"].dtype == "float64"
    assert frame.loc[0, "topics"] == ["foreign-policy", "russia"]
    assert frame["horizon_latest"].isna().iloc[0]


def test_big_and_small_frames(api: Api) -> None:
    with Client(api.base_url) as client:
        recorder = recorded(client)
        every = client.claims(expert=BULK_EXPERT).to_pandas()
        few = client.claims(expert=BULK_EXPERT, max_items=3).to_pandas()
        experts = client.experts().to_pandas()
    assert set(every["id"]) == api.bulk_ids
    assert list(few["id"]) == list(every["id"][:3])
    assert recorder.paths == ["/v1/claims.ndjson", "/v1/claims", "/v1/experts"]
    assert "gaziz-abishev" in set(experts["slug"])


def run_cli(api: Api, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [str(CLI), "--url", api.base_url, "claims", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def test_the_command_line_writes_csv_with_a_progress_bar(api: Api) -> None:
    done = run_cli(api, "--topic", "russia", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [int(r["id"]) for r in rows] == [26, 25, 23, 20, 19, 18, 17, 16, 15]
    assert "100%" in done.stderr


def test_the_command_line_ndjson_json_and_errors(api: Api) -> None:
    ndjson = run_cli(
        api, "--expert", "kazbek-beisebayev", "--kind", "forecast", "--format", "ndjson"
    )
    trailer = json.loads(ndjson.stdout.splitlines()[-1])
    assert (trailer["type"], trailer["count"]) == ("trailer", 3)
    items = json.loads(
        run_cli(api, "--kind", "forecast", "--q", "Moscow", "--format", "json").stdout
    )
    assert [item["id"] for item in items] == [26]
    bad = run_cli(api, "--min-probability", "2")
    assert bad.returncode == 2
    assert "query.min_probability" in bad.stderr

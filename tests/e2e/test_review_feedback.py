"""Reviews made through the API become the extractor's scores: a real server on each engine,
the seed article's drafts judged against its annotation, then the real `forecasts
eval-extraction --from-reviews`."""

import json
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.conftest import Server, forecasts
from tests.e2e.test_editing import _key

SAMPLE = Path(__file__).resolve().parents[2] / "app" / "sample"
SEED = (SAMPLE / "caliber-az-2022-11-19-kazakhstan-path.txt").read_text()
ANNOTATED: list[dict[str, Any]] = json.loads((SAMPLE / "kazakhstan-path.json").read_text())[
    "claims"
]
HEADING = "Reviewed copy.\n\n"


def _overlaps(gold: dict[str, Any], draft: dict[str, Any]) -> bool:
    start, end = (draft["span"][k] - len(HEADING) for k in ("start", "end"))
    same: bool = gold["expert"] == draft["expert"]
    return same and gold["span"][0] < end and start < gold["span"][1]


def _change(api: httpx.Client, claim_id: int, body: dict[str, Any]) -> None:
    etag = api.get(f"/v1/claims/{claim_id}").headers["etag"]
    answer = api.patch(f"/v1/claims/{claim_id}", json=body, headers={"If-Match": etag})
    assert answer.status_code == 200, answer.text


def _add(api: httpx.Client, source: int, gold: dict[str, Any]) -> None:
    start, end = (at + len(HEADING) for at in gold["span"])
    answer = api.post(
        "/v1/claims",
        json={
            "expert": gold["expert"],
            "source": source,
            "kind": gold["kind"],
            "statement": gold["statement"],
            "quote": SEED[gold["span"][0] : gold["span"][1]],
            "span": {"start": start, "end": end},
        },
    )
    assert answer.status_code == 201, answer.text


def _review(server: Server) -> tuple[int, dict[str, Any]]:
    """Ingest the seed article, judge each draft by the annotation, add what it missed."""
    editor = _key(server, "write", "ingest", name="editor")
    with httpx.Client(base_url=server.base_url, headers=editor, timeout=60) as api:
        made = api.post(
            "/v1/sources",
            json={"title": "Reviewed copy", "text": HEADING + SEED, "published_on": "2022-11-19"},
        )
        assert made.status_code == 201, made.text
        source = made.json()["source"]["id"]
        drafts = api.get(f"/v1/claims?source={source}&review=draft&limit=200").json()["items"]
        found = [d for d in drafts if any(_overlaps(g, d) for g in ANNOTATED)]
        # The editor rejects the drafts of one annotated claim too (say, spans cut wrong) and
        # adds that claim by hand: a miss, beside whatever the extractor did not find at all.
        redone = next(g for g in ANNOTATED if any(_overlaps(g, d) for d in found))
        right = [d for d in found if not _overlaps(redone, d)]
        wrong = [d for d in drafts if d not in right]
        assert len(right) > 2
        assert wrong
        _change(api, right[0]["id"], {"statement": "Edited by the desk.", "review": "verified"})
        _change(api, right[1]["id"], {"kind": "assessment"})  # edited first, accepted next
        for draft in right[1:]:
            _change(api, draft["id"], {"review": "verified"})
        for draft in wrong:
            _change(api, draft["id"], {"review": "retracted", "reason": "not a claim"})
        missed = [g for g in ANNOTATED if not any(_overlaps(g, d) for d in right)]
        assert redone in missed
        for gold in missed:
            _add(api, source, gold)
    expected = {
        "accepted": len(right),
        "rejected": len(wrong),
        "edited": 2,
        "added": len(missed),
        "pending": 0,
        "precision": round(len(right) / len(drafts), 4),
        "recall": round(len(right) / (len(right) + len(missed)), 4),
    }
    return source, expected


def test_reviews_through_the_api_score_the_extractor(fresh_server: Server) -> None:
    source, expected = _review(fresh_server)
    shown = forecasts(fresh_server.database_url, "eval-extraction", "--from-reviews", "--json")
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout)
    (scored,) = report["sources"]  # the sample's own claims were never reviewed
    assert scored["id"] == source
    assert scored["title"] == "Reviewed copy"
    assert {k: scored[k] for k in expected} == expected
    assert scored["edited_fields"] == {"kind": 1, "statement": 1}
    assert report["totals"]["sources"] == 1
    assert {k: report["totals"][k] for k in expected} == expected

    table = forecasts(fresh_server.database_url, "eval-extraction", "--from-reviews")
    assert table.returncode == 0, table.stderr
    assert "Extraction quality from reviews" in table.stdout
    assert f"{expected['precision']:.3f}" in table.stdout
    assert "Edits by field" in table.stdout


def test_no_reviews_yet_is_said_plainly(fresh_server: Server) -> None:
    shown = forecasts(fresh_server.database_url, "eval-extraction", "--from-reviews")
    assert shown.returncode == 0, shown.stderr
    assert "No reviewed sources yet" in shown.stdout
    as_json = forecasts(fresh_server.database_url, "eval-extraction", "--from-reviews", "--json")
    assert json.loads(as_json.stdout)["totals"]["precision"] is None
    both = forecasts(fresh_server.database_url, "eval-extraction", "--from-reviews", str(SAMPLE))
    assert both.returncode == 2
    assert "give no DIR" in both.stderr
    neither = forecasts(fresh_server.database_url, "eval-extraction")
    assert neither.returncode == 2
    assert "--from-reviews" in neither.stderr

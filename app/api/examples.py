"""Response examples for the OpenAPI document, taken from the sample data set."""

from typing import Any

BASE = "http://127.0.0.1:8000"

CLAIM_EXAMPLE: dict[str, Any] = {
    "id": 10,
    "url": f"{BASE}/v1/claims/10",
    "kind": "forecast",
    "statement": "Tokayev will receive a mandate of trust from the people in the presidential"
    " election of 20 November 2022.",
    "quote": "I am certain that he will receive this mandate of trust in these elections",
    "expert": "kazbek-beisebayev",
    "source": 1,
    "topics": ["elections"],
    "span": {"start": 1759, "end": 1833},
    "selector": {
        "type": "TextQuoteSelector",
        "exact": "I am certain that he will receive this mandate of trust in these elections",
        "prefix": "m the people for this election. ",
        "suffix": ". Tokayev is a diplomat himself ",
    },
    "stated_on": "2022-11-19",
    "horizon": {
        "phrase": "in these elections",
        "earliest": "2022-11-20",
        "latest": "2022-11-20",
        "inferred": False,
    },
    "confidence": {
        "phrase": "I am certain",
        "band": "almost-certain",
        "low": 0.87,
        "probability": 0.93,
        "high": 0.99,
        "scale": "forecast-ledger/1",
    },
    "review": "verified",
    "proposition": "tokayev-wins-2022",
    "stance": "for",
    "outcome": "true",
    "overdue": False,
    "extraction": {"method": "human", "version": None, "score": None},
    "created_at": "2026-11-29T12:00:00Z",
    "updated_at": "2026-11-29T12:00:00Z",
    "version": 3,
}

EXPERT_EXAMPLE: dict[str, Any] = {
    "slug": "gaziz-abishev",
    "url": f"{BASE}/v1/experts/gaziz-abishev",
    "name": "Gaziz Abishev",
    "kind": "person",
    "role": "political observer",
    "affiliation": None,
    "country": "KZ",
    "aliases": ["Газиз Абишев", "Abishev"],
    "links": {},
    "claims_url": f"{BASE}/v1/experts/gaziz-abishev/claims",
    "created_at": "2026-11-29T12:00:00Z",
    "updated_at": "2026-11-29T12:00:00Z",
    "version": 1,
}

SOURCE_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "href": f"{BASE}/v1/sources/1",
    "url": "https://caliber.az/en/post/kazakhstan-s-path-what-will-change-after-elections",
    "title": "Kazakhstan's path: what will change after elections? Experts share their"
    " forecasts with Caliber.Az",
    "publisher": "Caliber.Az",
    "published_on": "2022-11-19",
    "language": "en",
    "content_sha256": "42972833db86455e7d8cac354649e23e1f1d91442fa9f2cc1db64ddb4969cb8e",
    "retrieved_at": "2026-11-29T12:00:00Z",
    "claims_url": f"{BASE}/v1/claims?source=1",
    "created_at": "2026-11-29T12:00:00Z",
    "updated_at": "2026-11-29T12:00:00Z",
    "version": 1,
}

TOPIC_EXAMPLE: dict[str, Any] = {
    "slug": "russia",
    "url": f"{BASE}/v1/topics/russia",
    "name": "Russia",
    "parent": "foreign-policy",
    "claim_count": 9,
    "claims_url": f"{BASE}/v1/claims?topic=russia",
    "children": [],
}


def _ok(example: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"example": example}}}


CLAIM = _ok(CLAIM_EXAMPLE)
CLAIM_PAGE = _ok({"items": [CLAIM_EXAMPLE], "next": f"{BASE}/v1/claims?limit=1&cursor=…"})
EXPERT = _ok(
    {
        **EXPERT_EXAMPLE,
        "claim_counts": {"total": 12, "assessment": 7, "forecast": 4, "prescription": 1},
    }
)
EXPERT_PAGE = _ok({"items": [EXPERT_EXAMPLE]})
SOURCE = _ok({**SOURCE_EXAMPLE, "text": "Kazakhstan's path: …", "claim_count": 26})
SOURCE_PAGE = _ok({"items": [SOURCE_EXAMPLE]})
TOPIC = _ok({**TOPIC_EXAMPLE, "ancestors": ["kazakhstan", "foreign-policy"], "version": 1})
TOPIC_TREE = _ok({"items": [{**TOPIC_EXAMPLE, "slug": "kazakhstan", "parent": None}]})
HISTORY = _ok(
    {
        "items": [
            {
                "version": 1,
                "at": "2026-11-29T12:00:00Z",
                "action": "create",
                "actor": {"key_id": 1, "name": "desk"},
                "changes": {"statement": [None, "Tariffs will rise in 2025."]},
            },
            {
                "version": 2,
                "at": "2026-11-29T12:05:00Z",
                "action": "review",
                "actor": {"key_id": 2, "name": "editor"},
                "changes": {"review": ["draft", "verified"]},
            },
        ]
    }
)

PROPOSITION_EXAMPLE: dict[str, Any] = {
    "slug": "tokayev-wins-2022",
    "url": f"{BASE}/v1/propositions/tokayev-wins-2022",
    "text": "Kassym-Jomart Tokayev wins the presidential election of 20 November 2022.",
    "criteria": "The Central Election Commission declares him the winner.",
    "resolve_by": "2022-11-21",
    "topics": ["elections"],
    "outcome": "true",
    "overdue": False,
    "claims_url": f"{BASE}/v1/claims?proposition=tokayev-wins-2022",
    "consensus_url": f"{BASE}/v1/propositions/tokayev-wins-2022/consensus",
    "resolutions_url": f"{BASE}/v1/propositions/tokayev-wins-2022/resolutions",
    "created_at": "2026-11-29T12:00:00Z",
    "updated_at": "2026-11-29T12:00:00Z",
    "version": 1,
}
RESOLUTION_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "outcome": "true",
    "resolved_on": "2022-11-21",
    "rationale": "Tokayev won with 81.31% of the vote.",
    "evidence": {
        "url": "https://en.wikipedia.org/wiki/2022_Kazakh_presidential_election",
        "quote": None,
        "date": None,
    },
    "resolver": "Forecast Ledger sample",
    "recorded_at": "2026-11-29T12:00:00Z",
    "via": None,
}
PROPOSITION = _ok(PROPOSITION_EXAMPLE)
PROPOSITION_PAGE = _ok({"items": [PROPOSITION_EXAMPLE]})
RESOLUTION = _ok(RESOLUTION_EXAMPLE)
RESOLUTIONS = _ok({"items": [RESOLUTION_EXAMPLE]})
CONSENSUS = _ok(
    {
        "proposition": "tokayev-wins-2022",
        "positions": [
            {
                "expert": "kazbek-beisebayev",
                "claim": f"{BASE}/v1/claims/10",
                "stance": "for",
                "probability": 0.93,
                "low": 0.87,
                "high": 0.99,
            },
        ],
        "aggregate": {
            "count": 1,
            "for": 1,
            "against": 0,
            "with_probability": 1,
            "mean": 0.93,
            "median": 0.93,
            "stdev": 0.0,
            "min": 0.93,
            "max": 0.93,
        },
    }
)
# Kazbek Beisebayev's scorecard on the sample, its breakdowns shortened to one of each.
_BINS = [
    {"lower": round(i / 10, 1), "upper": round((i + 1) / 10, 1), "count": 0}
    | {"mean_forecast": None, "observed_rate": None}
    for i in range(9)
] + [{"lower": 0.9, "upper": 1.0, "count": 1, "mean_forecast": 0.93, "observed_rate": 1.0}]
_SCORED: dict[str, Any] = {
    "counts": {
        "forecasts": 1,
        "resolved": 1,
        "scored": 1,
        "partly": 0,
        "unresolvable": 0,
        "open": 0,
        "overdue": 0,
    },
    "brier": 0.0049,
    "brier_range": [0.0001, 0.0169],
    "log_score": -0.072571,
    "calibration": _BINS,
    "murphy": {"reliability": 0.0049, "resolution": 0.0, "uncertainty": 0.0},
    "hit_rate": {"hits": 1, "calls": 1, "rate": 1.0, "low": 0.206549, "high": 1.0},
    "log_range": [-0.139262, -0.01005],
    "by_topic": {},
    "by_horizon": {},
}
SCORECARD = _ok(
    {
        "expert": "kazbek-beisebayev",
        "as_of": None,
        "topic": None,
        "claims": 11,
        "forecasts_without_probability": 0,
        **_SCORED,
        "counts": {**_SCORED["counts"], "forecasts": 3, "open": 2},
        "by_topic": {"elections": _SCORED},
        "by_horizon": {"up to 30 days": _SCORED},
    }
)
SEARCH = _ok(
    {
        "q": "observ*",
        "claims": {
            "items": [
                {
                    "id": 1,
                    "url": f"{BASE}/v1/claims/1",
                    "kind": "forecast",
                    "expert": "most-observers",
                    "statement": "Kassym-Jomart Tokayev will win the presidential election of"
                    " 20 November 2022.",
                    "stated_on": "2022-11-19",
                    "snippet": "the victory of the incumbent president Kassym-Jomart Tokayev is"
                    " practically inevitable",
                }
            ],
            "more": f"{BASE}/v1/claims?q=observ%2A",
        },
        "experts": {
            "items": [
                {
                    "slug": "gaziz-abishev",
                    "url": f"{BASE}/v1/experts/gaziz-abishev",
                    "name": "Gaziz Abishev",
                    "kind": "person",
                    "role": "political observer",
                }
            ],
        },
        "sources": {"items": []},
        "topics": {"items": []},
    }
)
FACETS = _ok(
    {
        "claims_url": f"{BASE}/v1/claims?topic=foreign-policy",
        "facets": {
            "expert": {
                "values": [
                    {
                        "value": "gaziz-abishev",
                        "label": "Gaziz Abishev",
                        "count": 12,
                        "selected": False,
                        "url": f"{BASE}/v1/claims?topic=foreign-policy&expert=gaziz-abishev",
                    }
                ],
                "truncated": False,
            }
        },
        "timed_out": [],
    }
)

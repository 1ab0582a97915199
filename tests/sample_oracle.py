"""Expected answers computed from the sample data file in plain Python, independent of SQL."""

from collections.abc import Callable
from typing import Any

from app.services import sample

Claim = dict[str, Any]

DATA = sample.data()
CLAIMS: list[Claim] = DATA["claims"]
PARENTS: dict[str, str | None] = {t["slug"]: t["parent"] for t in DATA["topics"]}


def ancestors_and_self(slug: str) -> set[str]:
    found: set[str] = set()
    current: str | None = slug
    while current is not None:
        found.add(current)
        current = PARENTS[current]
    return found


def under(topic: str) -> Callable[[Claim], bool]:
    """True for claims tagged with `topic` or any topic below it."""
    return lambda c: any(topic in ancestors_and_self(t) for t in c["topics"])


def quotes(predicate: Callable[[Claim], bool]) -> set[str]:
    return {c["quote"] for c in CLAIMS if predicate(c)}


def _outcomes() -> dict[str, str]:
    """The outcome each claim gets from the sample's resolved propositions, by quote."""
    negation = {"true": "false", "false": "true"}
    found: dict[str, str] = {}
    for proposition in DATA.get("propositions", []):
        outcome = proposition.get("resolution", {}).get("outcome")
        for link in proposition["claims"]:
            if outcome is not None:
                against = link["stance"] == "against"
                found[link["quote"]] = negation.get(outcome, outcome) if against else outcome
    return found


OUTCOMES = _outcomes()
PROPOSITION_OF = {
    link["quote"]: proposition["slug"]
    for proposition in DATA.get("propositions", [])
    for link in proposition["claims"]
}

"""What every format is given: one page of claims and the records it refers to."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import RowMapping

from app import representations
from app.services.claims import ClaimRows

Resolved = tuple[RowMapping, str | None]  # a resolution and the `slug/n` it came through


@dataclass(slots=True)
class PropositionRecord:
    row: RowMapping
    topics: list[str]
    resolutions: list[RowMapping]  # oldest first; the n-th is `slug/n`


@dataclass(slots=True)
class Page:
    """One keyset page of claims. Formats that set `related` also get the topic tree (on the
    first page), the experts, sources and propositions not sent before, and every resolution;
    those that set `latest_resolution` get each resolved claim's latest one."""

    claims: ClaimRows
    base: str
    topics: list[RowMapping] = field(default_factory=list)
    experts: list[RowMapping] = field(default_factory=list)
    sources: list[RowMapping] = field(default_factory=list)
    propositions: list[PropositionRecord] = field(default_factory=list)
    resolutions: dict[int, list[Resolved]] = field(default_factory=dict)
    latest: dict[int, RowMapping] = field(default_factory=dict)

    def items(self, include: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
        """The claims as the JSON API shows them."""
        return representations.claims(
            self.claims, base=self.base, include=include, fields=frozenset()
        )


class Format(Protocol):
    """A format written in three parts; `next_url` is set when the export is one page of many."""

    @property
    def media_type(self) -> str: ...
    @property
    def extension(self) -> str: ...
    @property
    def related(self) -> bool:
        """Wants the topics, the experts, sources and propositions on first use, and every
        resolution of each claim."""

    @property
    def latest_resolution(self) -> bool:
        """Wants each resolved claim's latest resolution."""

    def head(self) -> bytes: ...
    def page(self, page: Page) -> bytes: ...
    def tail(self, count: int, next_url: str | None) -> bytes: ...


def rfc3339(value: dt.datetime) -> str:
    """A UTC time as the JSON API writes it (`…Z`)."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

"""What an ingestion found or stored, as plain values: made by `services.ingest`, shown by
`schemas.ingest`."""

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass(slots=True)
class Ingestion:
    """What an ingestion found or stored, as plain values (`id` is None for what is not saved)."""

    source: Record
    experts: list[Record] = field(default_factory=list)
    topics: list[Record] = field(default_factory=list)
    claims: list[Record] = field(default_factory=list)
    dry_run: bool = False
    already_ingested: bool = False

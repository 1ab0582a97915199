"""ORM models; importing this package registers every table on `Base.metadata`."""

from app.models.base import Base
from app.models.claim import Claim, claim_topics
from app.models.enums import ClaimKind, ExpertKind, Outcome, Review
from app.models.expert import Expert
from app.models.resolution import Resolution
from app.models.source import Source
from app.models.topic import Topic

__all__ = [
    "Base",
    "Claim",
    "ClaimKind",
    "Expert",
    "ExpertKind",
    "Outcome",
    "Resolution",
    "Review",
    "Source",
    "Topic",
    "claim_topics",
]

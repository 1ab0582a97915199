"""ORM models; importing this package registers every table on `Base.metadata`."""

from app.models.api_key import ApiKey
from app.models.base import Base
from app.models.change_counter import ChangeCounter
from app.models.claim import Claim, claim_topics
from app.models.enums import ClaimKind, ExpertKind, Outcome, Review, Stance
from app.models.expert import Expert, ExpertRedirect
from app.models.facet_count import ClaimFacetCount, ExpertClaimCount
from app.models.idempotency import IdempotentRequest
from app.models.proposition import Proposition, proposition_topics
from app.models.resolution import Resolution
from app.models.review_decision import ReviewDecision
from app.models.revision import Revision
from app.models.source import Source
from app.models.topic import Topic

__all__ = [
    "ApiKey",
    "Base",
    "ChangeCounter",
    "Claim",
    "ClaimFacetCount",
    "ClaimKind",
    "Expert",
    "ExpertClaimCount",
    "ExpertKind",
    "ExpertRedirect",
    "IdempotentRequest",
    "Outcome",
    "Proposition",
    "Resolution",
    "Review",
    "ReviewDecision",
    "Revision",
    "Source",
    "Stance",
    "Topic",
    "claim_topics",
    "proposition_topics",
]

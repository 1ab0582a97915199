"""`/v1/topics`: the topic tree with claim counts."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api import examples, representations
from app.api.errors import errors
from app.api.paging import base_url
from app.api.responses import json_response
from app.deps import SessionDep
from app.schemas.common import Slug
from app.schemas.topics import TopicRead, TopicTree
from app.services import topics

router = APIRouter(prefix="/topics", tags=["topics"])


@router.get("", response_model=TopicTree, responses={200: examples.TOPIC_TREE, **errors(400)})
def topic_tree(request: Request, session: SessionDep) -> Response:
    """The whole topic tree; each count takes in the topic's sub-topics."""
    base = base_url(request)
    roots = topics.tree(session)
    return json_response({"items": [representations.topic(root, base=base) for root in roots]})


@router.get(
    "/{slug}", response_model=TopicRead, responses={200: examples.TOPIC, **errors(400, 404, 422)}
)
def get_topic(
    request: Request,
    session: SessionDep,
    slug: Annotated[Slug, Path(description="Topic slug.", examples=["russia"])],
) -> Response:
    """Get one topic with its ancestors, sub-topics and claim count."""
    node, ancestors = topics.find(topics.tree(session), slug)
    return json_response(
        {**representations.topic(node, base=base_url(request)), "ancestors": ancestors}
    )

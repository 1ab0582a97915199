"""`/v1/topics`: the topic tree with claim counts."""

from typing import Annotated

from fastapi import APIRouter, Body, Path, Request
from starlette.responses import Response

from app import representations
from app.api import examples
from app.api.claims import IdempotencyKey, IfMatch
from app.api.errors import EDIT, WRITE, errors
from app.api.idempotency import idempotently
from app.api.paging import base_url
from app.deps import SessionDep, WriterDep
from app.responses import expected_version, json_response
from app.schemas.common import Slug
from app.schemas.topics import TopicCreate, TopicRead, TopicTree, TopicUpdate
from app.services import topics

router = APIRouter(prefix="/topics", tags=["topics"])

TopicSlug = Annotated[Slug, Path(description="Topic slug.", examples=["russia"])]


@router.get("", response_model=TopicTree, responses={200: examples.TOPIC_TREE, **errors(400)})
def topic_tree(request: Request, session: SessionDep) -> Response:
    """The whole topic tree; each count takes in the topic's sub-topics."""
    base = base_url(request)
    roots = topics.tree(session)
    return json_response({"items": [representations.topic(root, base=base) for root in roots]})


@router.get(
    "/{slug}", response_model=TopicRead, responses={200: examples.TOPIC, **errors(400, 404, 422)}
)
def get_topic(request: Request, session: SessionDep, slug: TopicSlug) -> Response:
    """Get one topic with its ancestors, sub-topics and claim count."""
    return _topic(request, session, slug)


@router.post(
    "",
    status_code=201,
    response_model=TopicRead,
    responses={201: examples.TOPIC, **errors(*WRITE)},
)
def create_topic(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    body: Annotated[TopicCreate, Body()],
    _key: IdempotencyKey = None,
) -> Response:
    """Add a topic to the tree, under a parent or as a root."""

    def make() -> Response:
        topic = topics.create(session, values=body.model_dump(), actor=writer)
        created = _topic(request, session, topic.slug, status=201)
        created.headers["Location"] = f"{base_url(request)}/v1/topics/{topic.slug}"
        return created

    return idempotently(request, session, writer, body, make)


@router.patch("/{slug}", response_model=TopicRead, responses={200: examples.TOPIC, **errors(*EDIT)})
def update_topic(
    request: Request,
    session: SessionDep,
    writer: WriterDep,
    slug: TopicSlug,
    body: Annotated[TopicUpdate, Body()],
    if_match: IfMatch = None,
) -> Response:
    """Rename a topic, or move it and its sub-topics under another parent."""
    expected = expected_version(if_match)
    values = body.model_dump(exclude_unset=True)
    topics.update(session, slug=slug, values=values, expected=expected, actor=writer)
    return _topic(request, session, slug)


def _topic(request: Request, session: SessionDep, slug: str, status: int = 200) -> Response:
    node, ancestors = topics.find(topics.tree(session), slug)
    body = {
        **representations.topic(node, base=base_url(request)),
        "ancestors": ancestors,
        "version": node.version,
    }
    return json_response(body, status, version=node.version)

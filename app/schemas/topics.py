"""Topics: the tree with claim counts."""

from pydantic import BaseModel, Field


class TopicNode(BaseModel):
    slug: str
    url: str = Field(description="This topic in the API.")
    name: str
    parent: str | None = Field(description="Slug of the parent topic.")
    claim_count: int = Field(description="Claims on this topic or any below it, each once.")
    claims_url: str = Field(description="Those claims.")
    children: list["TopicNode"] = Field(description="Sub-topics.")


class TopicTree(BaseModel):
    items: list[TopicNode] = Field(description="The root topics, each with its sub-tree.")


class TopicRead(TopicNode):
    ancestors: list[str] = Field(description="Slugs from the root down to the parent.")

"""Topics: the tree with claim counts."""

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.common import InputModel, Name, Slug, UpdateModel


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
    version: int = Field(description="Increases with every change.")


class TopicCreate(InputModel):
    slug: Slug = Field(description="Stable identifier, lower-case words joined by hyphens.")
    name: Name = Field(description="Display name.")
    parent: Slug | None = Field(None, description="Slug of the parent topic; none for a root.")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"slug": "energy", "name": "Energy", "parent": "economy"}]}
    )


class TopicUpdate(UpdateModel):
    NULLABLE = frozenset({"parent"})

    name: Name | None = Field(None, description="Display name.")
    parent: Slug | None = Field(None, description="Move under this topic (`null`: make a root).")

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Energy and mining"}]})

"""Sources: list query and representation."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from app.filters import any_of
from app.models.source import Source
from app.schemas.common import MAX_VALUES, LanguageTag, PageQuery, Text


class SourceQuery(PageQuery):
    publisher: Annotated[list[Text], any_of(Source.publisher)] = Field(
        [], max_length=MAX_VALUES, description="Publisher name, exactly as stored."
    )
    language: Annotated[list[LanguageTag], any_of(Source.language)] = Field(
        [], max_length=MAX_VALUES, description="Language tag, exactly as stored."
    )
    sort: Literal["published_on", "-published_on", "id", "-id"] = Field(
        "-published_on", description="Order; sorting by date lists the sources that have one."
    )


class SourceRead(BaseModel):
    id: int
    href: str = Field(description="This source in the API.")
    url: str | None = Field(description="Where the source was published.")
    title: str
    publisher: str | None
    published_on: dt.date | None
    language: str = Field(description="BCP 47 language tag.")
    content_sha256: str = Field(description="SHA-256 of the stored text, hex.")
    retrieved_at: dt.datetime
    claims_url: str = Field(description="Claims made in this source.")
    text: str | None = Field(None, description="Normalised full text (detail only).")
    claim_count: int | None = Field(None, description="Claims in it (detail only).")
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


class SourcePage(BaseModel):
    items: list[SourceRead]
    next: str | None = None
    count: int | None = None

"""Sources: list query and representation."""

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from app.domain import search
from app.filters import any_of
from app.models.source import Source
from app.schemas.common import (
    MAX_VALUES,
    InputModel,
    IsoDate,
    LanguageTag,
    Name,
    NoNul,
    PageQuery,
    Text,
    UpdateModel,
    Url,
)


class SourceQuery(PageQuery):
    publisher: Annotated[list[Text], any_of(Source.publisher)] = Field(
        [], max_length=MAX_VALUES, description="Publisher name, exactly as stored."
    )
    language: Annotated[list[LanguageTag], any_of(Source.language)] = Field(
        [], max_length=MAX_VALUES, description="Language tag, exactly as stored."
    )
    q: Annotated[
        str | None, search.text_filter(search.SOURCES, Source.id), AfterValidator(search.check)
    ] = Field(
        None,
        min_length=1,
        max_length=200,
        description="Full-text search over the title and publisher; the syntax of the claims' `q`.",
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


NULL: dict[str, JsonValue] = {"type": "null"}


class SourceCreate(InputModel):
    """An article: its text or HTML (exactly one) and metadata. Nothing is fetched from `url`."""

    title: Name = Field(description="Headline or title.")
    text: Annotated[str, StringConstraints(min_length=1, max_length=500_000), NoNul] | None = Field(
        None,
        description="Full text; stored normalised (NFC, Unix newlines), and every span points"
        " into the stored form. Give this or `html`.",
    )
    html: Annotated[str, StringConstraints(min_length=1, max_length=1_000_000), NoNul] | None = (
        Field(
            None,
            description="The article as HTML instead of `text`: its visible text (paragraphs kept,"
            " scripts, styles and navigation dropped) is what is stored and what spans point into.",
        )
    )
    url: Url | None = Field(None, description="Where it was published; unique when given.")
    publisher: Name | None = Field(None, description="Outlet.")
    published_on: IsoDate | None = Field(None, description="Publication date (YYYY-MM-DD).")
    language: LanguageTag | None = Field(
        None, description="BCP 47 language tag: `en`, `ru`, `kk`; detected from the text if absent."
    )
    author: Name | None = Field(
        None,
        description="For an opinion piece (op-ed, column) written by the expert: the author's"
        " name, optionally followed by a comma and their role (`Eric Gatev, political"
        " analyst`). Their own sentences that no one else is said to speak become their draft"
        " claims. Leave it out for a reporter's byline. Not stored. Without it, a byline at the"
        " top of the text (`By …`, `Автор: …`, a line that is only a name) is used when no"
        " other named person speaks.",
    )

    @model_validator(mode="after")
    def _text_or_html(self) -> Self:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of `text` and `html`")
        return self

    model_config = ConfigDict(
        json_schema_extra={
            # What `_text_or_html` enforces: one of the two is a string, the other is left out.
            "oneOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}, "html": NULL}},
                {"required": ["html"], "properties": {"html": {"type": "string"}, "text": NULL}},
            ],
            "examples": [
                {
                    "title": "Astana's energy plans",
                    "language": "en",
                    "publisher": "Example Agency",
                    "published_on": "2024-03-01",
                    "text": "Economist Aigerim Sarsenova said tariffs will rise next year.",
                }
            ],
        }
    )


class SourceUpdate(UpdateModel):
    """The text cannot change: claims' spans point into it. Post a new source instead."""

    NULLABLE = frozenset({"url", "publisher", "published_on"})

    title: Name | None = Field(None, description="Headline or title.")
    url: Url | None = Field(None, description="Where it was published.")
    publisher: Name | None = Field(None, description="Outlet.")
    published_on: IsoDate | None = Field(None, description="Publication date.")
    language: LanguageTag | None = Field(None, description="BCP 47 language tag.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"publisher": "Example Agency"}]})

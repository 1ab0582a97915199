"""Closed vocabularies, stored as strings with CHECK constraints."""

from enum import StrEnum

from sqlalchemy import Enum


class ExpertKind(StrEnum):
    person = "person"
    organization = "organization"
    group = "group"


class ClaimKind(StrEnum):
    forecast = "forecast"
    assessment = "assessment"
    prescription = "prescription"


class Review(StrEnum):
    draft = "draft"
    verified = "verified"
    disputed = "disputed"
    retracted = "retracted"


# Claims anonymous readers see, and the ones counted on topics, experts and sources.
PUBLIC_REVIEWS = (Review.verified, Review.disputed)


class Outcome(StrEnum):
    true = "true"
    false = "false"
    partly = "partly"
    ambiguous = "ambiguous"
    annulled = "annulled"


class Stance(StrEnum):
    """How a claim speaks to its proposition: `against` claims the proposition is false."""

    for_ = "for"
    against = "against"


def str_enum(enum: type[StrEnum], name: str) -> Enum:
    """A VARCHAR column with a named CHECK constraint, identical on SQLite and PostgreSQL."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )

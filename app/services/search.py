"""Full-text matching of user text, safe on both engines.

User text never reaches FTS5 or tsquery syntax: it is cut into words and each word is quoted,
so `NEAR(`, `col:x`, stray quotes or NUL bytes are just characters. All words must match.
"""

import re
import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, literal_column, select, table

from app.models import Claim

# Letters and digits only, as the FTS5 unicode61 tokenizer and the PostgreSQL trigger see words.
_WORD = re.compile(r"[^\W_]+")
_claims_fts = table("claims_fts")


def words(text: str) -> list[str]:
    """The words of `text` as the full-text index sees them."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def fts5_query(text: str) -> str:
    """An FTS5 MATCH expression that means "all of these words", whatever `text` holds."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words(text))


def claim_matches(text: str, dialect: str) -> ColumnElement[bool]:
    """Claims whose statement, quote or expert name contain every word of `text`."""
    terms = words(text)
    if not terms:
        return false()
    if dialect == "sqlite":
        hits: Select[tuple[Any]] = (
            select(literal_column("rowid"))
            .select_from(_claims_fts)
            .where(literal_column("claims_fts").op("MATCH")(fts5_query(text)))
        )
        return Claim.id.in_(hits)
    query = func.plainto_tsquery("simple", " ".join(terms))
    return literal_column("claims.search_vector").op("@@")(query)

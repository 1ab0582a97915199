"""Full-text search results: the best rows of a table for some text, and claim snippets with
the matched words marked. The language and its engine expressions are `app.domain.search`.
"""

import html
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    RowMapping,
    Select,
    bindparam,
    text,
)
from sqlalchemy.orm import Session

from app.domain.search import Index, hits, parse

# Marks around matched words while the engine builds a snippet: Unicode noncharacters, which no
# text exchanged between systems holds, so escaping the text cannot touch them.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_SNIPPET_WORDS = 24
_ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")


def _marked(fragment: str | None, *, escaped: bool) -> str:
    if fragment is None:
        return ""
    safe = fragment if escaped else html.escape(fragment, quote=False)
    marked = safe.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    # Words matched side by side (a phrase) are one highlight, whichever engine marked them.
    return _ADJACENT_MARKS.sub(r"\1", marked)


_SQLITE_SNIPPETS = text(
    """SELECT rowid,
        snippet(claims_fts, 1, :open, :close, '…', :words),
        snippet(claims_fts, 0, :open, :close, '…', :words)
    FROM claims_fts WHERE claims_fts MATCH :query AND rowid IN :ids"""
).bindparams(bindparam("ids", expanding=True))
# PostgreSQL's parser drops what looks like markup from a headline, so the text is escaped for
# HTML first (and not again afterwards); SQLite's snippet keeps the text, escaped afterwards.
_POSTGRES_SNIPPETS = text(
    """SELECT id,
        ts_headline('simple', replace(replace(replace(quote,
            '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), to_tsquery('simple', :query), :options),
        ts_headline('simple', replace(replace(replace(statement,
            '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), to_tsquery('simple', :query), :options)
    FROM claims WHERE id IN :ids"""
).bindparams(bindparam("ids", expanding=True))
_HEADLINE = (
    f'StartSel="{_OPEN}", StopSel="{_CLOSE}", MaxWords={_SNIPPET_WORDS}, MinWords=8,'
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def snippets(session: Session, text: str, claim_ids: Iterable[int]) -> dict[int, str]:
    """A short, HTML-escaped passage per claim with the matched words in `<mark>`: from the
    quote when the match is there, else from the statement, else the start of the quote."""
    ids = list(claim_ids)
    if not ids:
        return {}
    query = parse(text)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        rows = session.execute(
            _SQLITE_SNIPPETS,
            {
                "query": query.fts5(),
                "ids": ids,
                "open": _OPEN,
                "close": _CLOSE,
                "words": _SNIPPET_WORDS,
            },
        )
    else:
        rows = session.execute(
            _POSTGRES_SNIPPETS, {"query": query.tsquery(), "options": _HEADLINE, "ids": ids}
        )
    found: dict[int, str] = {}
    for claim_id, in_quote, in_statement in rows:
        best = next((s for s in (in_quote, in_statement) if s and _OPEN in s), in_quote)
        found[claim_id] = _marked(best, escaped=not sqlite)
    return found


def top(
    session: Session,
    index: Index,
    key: Any,
    query: Select[*tuple[Any, ...]],
    text: str,
    limit: int,
) -> list[RowMapping]:
    """The `limit` best matches of `text` among the rows `query` selects, best first."""
    found = hits(index, text, session.get_bind().dialect.name)
    ranked = query.join(found, found.c.id == key).order_by(found.c.score, key).limit(limit)
    return list(session.execute(ranked).mappings())

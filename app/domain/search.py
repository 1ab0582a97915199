"""The search language, and the full-text expressions it becomes on each engine.

The query language is small: words (all must match), `"a phrase"`, `prefix*` and `-excluded`.
`parse` turns any user text into `Term`s whose words hold letters and digits only, and the query
for each engine is built from those words, so no input reaches FTS5 or tsquery syntax raw: `NEAR(`,
`col:x`, a lone quote or a NUL byte are only characters. A bare token that holds several words
(`Kassym-Jomart`, `2022-11-20`, `col:x`) is a phrase, which is how the index sees it.

SQLite keeps FTS5 tables (`claims_fts`, `experts_fts`, `sources_fts`, `topics_fts`) ranked with
bm25; PostgreSQL keeps a `search_vector` tsvector column per table, ranked with `ts_rank_cd`. Both
tokenise on letters and digits and keep diacritics, so `ə`, `ğ`, `ş`, `ı`, `қ` are searchable.
Schemas validate `q` and declare the `q` filter with it; services run the expressions.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Double,
    Float,
    Integer,
    Select,
    Subquery,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
)

from app.filters import Filter

# Letters and digits only, as the FTS5 unicode61 tokenizer and the PostgreSQL triggers see words.
_WORD = re.compile(r"[^\W_]+")
# A quoted phrase (its closing quote may be missing), or a bare run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """The text holds nothing to search for."""


def words(text: str) -> list[str]:
    """The words of `text` as the full-text index sees them."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase (a single word is a phrase of one), maybe ending in a prefix, maybe excluded."""

    words: tuple[str, ...]
    prefix: bool = False
    excluded: bool = False

    def fts5(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        return quoted + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        parts = [f"'{word}'" for word in self.words]
        if self.prefix:
            parts[-1] += ":*"
        return " <-> ".join(parts)


@dataclass(frozen=True, slots=True)
class Query:
    """Parsed search text: what must match, and what must not."""

    terms: tuple[Term, ...]

    @property
    def included(self) -> list[Term]:
        return [t for t in self.terms if not t.excluded]

    @property
    def excluded(self) -> list[Term]:
        return [t for t in self.terms if t.excluded]

    def fts5(self) -> str:
        """An FTS5 MATCH expression: `("a" AND "b c"*) NOT "d"`."""
        expression = "(" + " AND ".join(t.fts5() for t in self.included) + ")"
        return expression + "".join(f" NOT {t.fts5()}" for t in self.excluded)

    def tsquery(self) -> str:
        """A `to_tsquery` expression: `'a' & 'b' <-> 'c':* & !('d')`."""
        parts = [f"({t.tsquery()})" for t in self.included]
        parts += [f"!({t.tsquery()})" for t in self.excluded]
        return " & ".join(parts)


def parse(text: str) -> Query:
    """The terms of user search text; `QueryError` when it names nothing to look for."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        minus, phrase, bare = match.groups()
        if bare is not None:
            excluded = bare.startswith("-") and len(bare) > 1
            prefix = bare.endswith("*")
            found = words(bare)
        else:
            excluded, prefix, found = bool(minus), False, words(phrase)
        if found:
            terms.append(Term(tuple(found), prefix=prefix, excluded=excluded))
    query = Query(tuple(terms))
    if not query.included:
        raise QueryError(
            "q has no word to look for; `-word` only leaves out matches of the other words."
            if terms
            else "q has no letters or digits to look for."
        )
    return query


def check(text: str | None) -> str | None:
    """Pydantic validator: refuse search text with nothing to look for (a 422 naming `q`)."""
    if text is not None:
        parse(text)
    return text


@dataclass(frozen=True, slots=True)
class Index:
    """A table's full-text index: the FTS5 table (SQLite) or tsvector column (PostgreSQL)."""

    table: str

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def vector(self) -> ColumnElement[Any]:
        return literal_column(f"{self.table}.search_vector")


CLAIMS, EXPERTS, SOURCES, TOPICS = (
    Index("claims"),
    Index("experts"),
    Index("sources"),
    Index("topics"),
)


def _tsquery(query: Query) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'"), query.tsquery())


def hits(index: Index, text: str, dialect: str) -> Subquery:
    """`(id, score)` of the rows matching `text`, named `hits`; a lower score ranks higher."""
    query = parse(text)
    if dialect == "sqlite":
        fts = table(index.fts)
        found = (
            select(
                literal_column("rowid", Integer).label("id"),
                func.bm25(literal_column(index.fts), type_=Float).label("score"),
            )
            .select_from(fts)
            .where(literal_column(index.fts).op("MATCH")(query.fts5()))
        )
    else:
        own = table(index.table, column("id", Integer))
        tsquery = _tsquery(query)
        found = select(
            own.c.id.label("id"),
            # float8, so the score a cursor carries compares equal to the row's own.
            cast(-func.ts_rank_cd(index.vector, tsquery), Double).label("score"),
        ).where(index.vector.op("@@")(tsquery))
    return found.subquery("hits")


def newest(
    index: Index, key: Any, rows: Any, match: Any, dialect: str, n: int, *where: Any
) -> Subquery:
    """`(id, score)` of the `n` newest rows (the highest `key`, the primary key of the index's
    table) of `rows` (that table, or that table joined to what `where` names) that match `match`
    and `where`, named `candidates`; a lower score ranks higher. `match` is the query for the
    engine (`parse(text).fts5()` or `.tsquery()`) or a bind parameter for one.

    Relevance is computed for these rows only: SQLite walks the FTS5 index newest first and
    stops after `n` (`ORDER BY rowid DESC LIMIT n`, which FTS5 answers in index order, so bm25
    runs on `n` rows rather than on every match); PostgreSQL takes the `n` highest ids among the
    matches, then ranks them with `ts_rank_cd`.
    """
    if dialect == "sqlite":
        fts = table(index.fts, column("rowid", Integer))
        rowid = fts.c.rowid
        found = (
            select(
                rowid.label("id"),
                func.bm25(literal_column(index.fts), type_=Float).label("score"),
            )
            .select_from(fts.join(rows, key == rowid))
            .where(literal_column(index.fts).op("MATCH")(match), *where)
            .order_by(rowid.desc())  # the FTS5 table's own order: no sort, bm25 for n rows
            .limit(n)
        )
        return found.subquery("candidates")
    tsquery = func.to_tsquery(literal_column("'simple'"), match)
    ids = (
        select(key.label("id"))
        .select_from(rows)
        .where(index.vector.op("@@")(tsquery), *where)
        .order_by(key.desc())
        .limit(n)
        .subquery("newest")
    )
    ranked = select(
        ids.c.id,
        # float8, so the score a cursor carries compares equal to the row's own.
        cast(-func.ts_rank_cd(index.vector, tsquery), Double).label("score"),
    ).select_from(ids.join(key.table, key == ids.c.id))
    return ranked.subquery("candidates")


# The relevance score of a joined `hits` subquery, for sorting and cursors.
SCORE = table("hits", column("score", Float)).c.score


def matches(index: Index, key: Any, text: str, dialect: str) -> ColumnElement[bool]:
    """Rows of `index`'s table (primary key `key`) that match `text`."""
    query = parse(text)
    if dialect == "sqlite":
        rowids: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(table(index.fts))
            .where(literal_column(index.fts).op("MATCH")(query.fts5()))
        )
        return key.in_(rowids)  # type: ignore[no-any-return]
    return index.vector.op("@@")(_tsquery(query))


def text_filter(index: Index, key: Any) -> Filter:
    """The `q` filter of a list: rows of `index`'s table (primary key `key`) matching the text."""
    return Filter(lambda text, dialect: matches(index, key, text, dialect), shaped_by="text")

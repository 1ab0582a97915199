"""The CSV export writes each row straight from the claim's columns: the same fields, in the same
form, as flattening the claim the JSON API shows."""

import datetime as dt

from sqlalchemy.orm import Session

from app import representations
from app.exports.table import flatten, row_of
from app.schemas.claims import ClaimQuery
from app.services import claims


def test_a_row_is_the_flattened_json_claim(session: Session) -> None:
    params = ClaimQuery.model_validate({"limit": 200, "review": ["verified", "disputed"]})
    result = claims.list_(session, params, sort=claims.SORTS["-stated_on"], after=None)
    assert len(result.rows) > 10
    include = frozenset({"expert", "source"})
    for today in (dt.date(2020, 1, 1), dt.date(2030, 1, 1)):  # overdue or not
        items = [
            representations.claim(
                row, result.topics.get(row["id"], []), base="http://x", include=include, today=today
            )
            for row in result.rows
        ]
        rows = [row_of(r, result.topics.get(r["id"], []), "http://x", today) for r in result.rows]
        assert rows == [flatten(item) for item in items]

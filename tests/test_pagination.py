"""Cursors: opaque, signed, bound to their sort, and typed on the way back."""

import datetime as dt

import pytest

from app.errors import InvalidParameterError
from app.models import Claim
from app.pagination import Cursors, sorts

SORTS = sorts(Claim.id, stated_on=(Claim.stated_on, False), created_at=(Claim.created_at, False))


@pytest.mark.parametrize(
    ("sort", "value"),
    [("-stated_on", dt.date(2022, 11, 19)), ("created_at", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))],
)
def test_round_trip_restores_types(sort: str, value: object) -> None:
    cursors = Cursors("k")
    token = cursors.encode(SORTS[sort], value, 7)
    assert cursors.decode(token, SORTS[sort]) == (value, 7)


def test_another_key_or_an_edit_is_refused() -> None:
    token = Cursors("k").encode(SORTS["-stated_on"], dt.date(2022, 1, 1), 1)
    with pytest.raises(InvalidParameterError):
        Cursors("other").decode(token, SORTS["-stated_on"])
    with pytest.raises(InvalidParameterError):
        Cursors("k").decode(token.replace("Wy", "Wz", 1), SORTS["-stated_on"])


def test_a_cursor_only_works_with_its_sort() -> None:
    token = Cursors("k").encode(SORTS["-stated_on"], dt.date(2022, 1, 1), 1)
    with pytest.raises(InvalidParameterError, match="sort=-stated_on"):
        Cursors("k").decode(token, SORTS["stated_on"])


def test_sort_tables_offer_both_directions() -> None:
    assert set(SORTS) == {"stated_on", "-stated_on", "created_at", "-created_at"}
    assert SORTS["-stated_on"].descending
    assert not SORTS["stated_on"].descending

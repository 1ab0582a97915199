"""Readiness: can this process reach its database?"""

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError


def database_answers(engine: Engine) -> bool:
    """True when the database answers a trivial query."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return False
    return True

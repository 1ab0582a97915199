"""Errors: every problem+json answer (RFC 9457) becomes a typed exception carrying its fields."""

from typing import Any, ClassVar

import httpx

from forecast_ledger_client.models import FieldError


class ForecastLedgerError(Exception):
    """Base of every error this client raises."""


class ProblemError(ForecastLedgerError):
    """The server answered with an error; `type`, `title`, `detail` and `errors` say why."""

    status_code: ClassVar[int | None] = None

    def __init__(self, response: httpx.Response, problem: dict[str, Any]) -> None:
        self.response = response
        self.status: int = response.status_code
        self.type: str = str(problem.get("type", "about:blank"))
        self.title: str = str(problem.get("title", response.reason_phrase))
        self.detail: str | None = problem.get("detail")
        self.instance: str | None = problem.get("instance")
        self.errors: list[FieldError] = [
            FieldError.model_validate(e) for e in problem.get("errors") or [] if isinstance(e, dict)
        ]
        self.problem = problem
        super().__init__(f"{self.status} {self.title}: {self.detail or ''}".rstrip(": "))


class BadRequestError(ProblemError):
    status_code = 400


class UnauthorizedError(ProblemError):
    status_code = 401


class ForbiddenError(ProblemError):
    status_code = 403


class NotFoundError(ProblemError):
    status_code = 404


class ConflictError(ProblemError):
    status_code = 409


class PreconditionFailedError(ProblemError):
    """412: the record changed since it was read; read it again and reapply the change."""

    status_code = 412


class PayloadTooLargeError(ProblemError):
    status_code = 413


class InvalidInputError(ProblemError):
    """422: a value was invalid; `errors` names each field."""

    status_code = 422


class PreconditionRequiredError(ProblemError):
    status_code = 428


class RateLimitedError(ProblemError):
    """429 that outlasted the retries (or asked for a longer wait than the client allows)."""

    status_code = 429


class ServerError(ProblemError):
    """Any 5xx that outlasted the retries."""


class ConnectionFailedError(ForecastLedgerError):
    """The server could not be reached, or the connection broke, on every attempt."""


class IncompleteExportError(ForecastLedgerError):
    """An NDJSON export ended without its trailer, or with a count that does not match."""


class NotReadError(ForecastLedgerError, LookupError):
    """A write needs the ETag of what was read: read the record with this client first."""


_BY_STATUS = {
    cls.status_code: cls for cls in ProblemError.__subclasses__() if cls.status_code is not None
}


def raise_for_problem(response: httpx.Response) -> None:
    """Raise the typed error for a 4xx or 5xx answer; do nothing for any other."""
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        body = None
    problem: dict[str, Any] = body if isinstance(body, dict) else {"detail": response.text[:500]}
    default = ServerError if response.status_code >= 500 else ProblemError
    raise _BY_STATUS.get(response.status_code, default)(response, problem)

"""A typed client for the Forecast Ledger API.

from forecast_ledger_client import Client
claims = Client("http://127.0.0.1:8000").claims(expert="gaziz-abishev", topic="russia")
"""

from forecast_ledger_client import models
from forecast_ledger_client._core import Retries
from forecast_ledger_client.aio import AsyncClient, AsyncListing
from forecast_ledger_client.client import Client, Listing
from forecast_ledger_client.errors import (
    BadRequestError,
    ConflictError,
    ConnectionFailedError,
    ForbiddenError,
    ForecastLedgerError,
    IncompleteExportError,
    InvalidInputError,
    NotFoundError,
    NotReadError,
    PayloadTooLargeError,
    PreconditionFailedError,
    PreconditionRequiredError,
    ProblemError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
)

__version__ = "0.1.0"
__all__ = [
    "AsyncClient",
    "AsyncListing",
    "BadRequestError",
    "Client",
    "ConflictError",
    "ConnectionFailedError",
    "ForbiddenError",
    "ForecastLedgerError",
    "IncompleteExportError",
    "InvalidInputError",
    "Listing",
    "NotFoundError",
    "NotReadError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "PreconditionRequiredError",
    "ProblemError",
    "RateLimitedError",
    "Retries",
    "ServerError",
    "UnauthorizedError",
    "models",
]

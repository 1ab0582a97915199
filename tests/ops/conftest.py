"""The real servers of the end-to-end tests, and what the operations tests do with them."""

from tests.e2e.conftest import Server, forecasts, fresh_server

__all__ = ["fresh_server", "write_key"]


def write_key(server: Server, *scopes: str, name: str = "ops") -> dict[str, str]:
    """Bearer headers of a key made with the real CLI against the server's database."""
    made = forecasts(
        server.database_url,
        "keys",
        "create",
        "--name",
        name,
        *[arg for scope in scopes or ("write",) for arg in ("--scope", scope)],
    )
    assert made.returncode == 0, made.stderr
    return {"Authorization": f"Bearer {made.stdout.strip()}"}

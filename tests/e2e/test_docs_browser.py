"""`/docs` and `/redoc` render every operation from the app's own assets, with no internet."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
RENDER_TIMEOUT_MS = 20_000
# Attributes that make the browser fetch something, and any absolute URL elsewhere in the page.
REFERENCE = re.compile(r"""\b(?:src|href|spec-url)\s*=\s*["']([^"']+)["']""")
ABSOLUTE = re.compile(r"""https?://[^\s"'<>)]+""")


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def is_local(url: str, server: str) -> bool:
    """Same origin as the server, or a browser-made in-memory URL that touches no network."""
    return urlsplit(url).scheme in {"blob", "data"} or origin(url) == origin(server)


@pytest.fixture(scope="module")
def operations(live_server: str) -> set[tuple[str, str, str]]:
    """(method, path, operationId) of every operation in the live OpenAPI document."""
    spec: dict[str, Any] = httpx.get(f"{live_server}/openapi.json").raise_for_status().json()
    return {
        (method, path, operation["operationId"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def record_requests(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def record_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_html_references_only_its_own_origin(live_server: str, path: str) -> None:
    page_url = f"{live_server}{path}"
    response = httpx.get(page_url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")

    references = [urljoin(page_url, ref) for ref in REFERENCE.findall(response.text)]
    absolute = ABSOLUTE.findall(response.text)
    assert [url for url in references + absolute if not is_local(url, live_server)] == []

    assets = [url for url in references if urlsplit(url).path.startswith("/static/")]
    assert any(url.endswith(".js") for url in assets), references
    statuses = {url: httpx.get(url).status_code for url in assets}
    assert statuses == dict.fromkeys(assets, 200)


def rendered_swagger(page: Page) -> set[tuple[str, str]]:
    blocks = page.locator(".opblock")
    return {
        (
            blocks.nth(i).locator(".opblock-summary-method").inner_text().lower(),
            blocks.nth(i).locator(".opblock-summary-path").get_attribute("data-path") or "",
        )
        for i in range(blocks.count())
    }


def rendered_redoc(page: Page) -> set[str]:
    sections = page.locator("[data-section-id^='operation/']")
    ids = [sections.nth(i).get_attribute("data-section-id") or "" for i in range(sections.count())]
    return {section.removeprefix("operation/") for section in ids}


@pytest.mark.browser
def test_swagger_ui_renders_every_operation(
    browser_page: Page, live_server: str, operations: set[tuple[str, str, str]]
) -> None:
    errors = record_errors(browser_page)
    browser_page.goto(f"{live_server}/docs")

    expect(browser_page.locator(".opblock")).to_have_count(
        len(operations), timeout=RENDER_TIMEOUT_MS
    )
    assert rendered_swagger(browser_page) == {(method, path) for method, path, _ in operations}
    assert errors == []
    screenshot(browser_page, "docs.png")


@pytest.mark.browser
def test_redoc_renders_every_operation(
    browser_page: Page, live_server: str, operations: set[tuple[str, str, str]]
) -> None:
    errors = record_errors(browser_page)
    browser_page.goto(f"{live_server}/redoc")

    # ReDoc gives each operation one section, `operation/<operationId>`, in `.api-content`.
    expect(browser_page.locator(".api-content [data-section-id^='operation/']")).to_have_count(
        len(operations), timeout=RENDER_TIMEOUT_MS
    )
    assert rendered_redoc(browser_page) == {operation_id for *_, operation_id in operations}
    assert errors == []
    screenshot(browser_page, "redoc.png")


def swagger_rendered(page: Page) -> None:
    page.locator(".opblock").first.wait_for(timeout=RENDER_TIMEOUT_MS)


def redoc_rendered(page: Page) -> None:
    page.locator(".api-content [data-section-id^='operation/']").first.wait_for(
        timeout=RENDER_TIMEOUT_MS
    )


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        pytest.param("/docs", swagger_rendered, id="docs"),
        pytest.param("/redoc", redoc_rendered, id="redoc"),
    ],
)
def test_docs_page_requests_nothing_from_other_hosts(
    browser_page: Page, live_server: str, path: str, rendered: Callable[[Page], None]
) -> None:
    requests = record_requests(browser_page)
    browser_page.goto(f"{live_server}{path}")
    rendered(browser_page)
    # Images, fonts and lazy chunks load after the first render.
    browser_page.wait_for_load_state("networkidle")

    assert requests, "the page made no requests at all"
    assert [url for url in requests if not is_local(url, live_server)] == []

"""The embed pages and web components on a page of another origin, in Debian's Chromium.

The host page is served from a second port on 127.0.0.1, so the frames and the components'
requests are cross-origin exactly as on a dashboard that embeds Forecast Ledger.
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Frame, Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT_MS = 15_000
DARK_BACKGROUND = "rgb(13, 17, 23)"


@dataclass
class Host:
    """A tiny web server of another origin; `pages[path]` is the HTML it answers at `path`."""

    url: str
    pages: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def host() -> Iterator[Host]:
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path.split("?")[0])
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "not found").encode())

        def log_message(self, *_: object) -> None:
            pass  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Host(f"http://127.0.0.1:{server.server_address[1]}", pages)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watch:
    """Console errors, uncaught exceptions and every URL the page and its frames requested."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self, *origins: str) -> list[str]:
        allowed = {urlsplit(o).netloc for o in origins}
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc not in allowed
        ]


def watch(page: Page) -> Watch:
    seen = Watch()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    return seen


def iframe_page(app: str, path: str) -> str:
    """The three lines the README gives, on a bare host page."""
    return (
        '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><h1>Dashboard</h1>'
        f'<iframe src="{app}{path}" title="Forecast Ledger" width="100%" height="150"'
        ' style="border:0" data-forecast-embed></iframe>'
        f'<script src="{app}/embed/static/vendor/open-iframe-resizer/index.umd.js"></script>'
        f'<script src="{app}/embed/static/host.js"></script></body></html>'
    )


def frame_of(page: Page) -> Frame:
    frame = page.frames[1]
    frame.wait_for_load_state("load")
    return frame


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


def resized_to_content(page: Page, frame: Frame) -> None:
    """Wait until the iframe is as tall as the document inside it (within 2 px)."""
    content = frame.evaluate("document.documentElement.getBoundingClientRect().height")
    assert content > 150
    page.wait_for_function(
        "c => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - c) <= 2",
        arg=content,
        timeout=TIMEOUT_MS,
    )


EMBEDS = [
    ("/embed/claims?topic=russia&limit=4", "claims-russia", "Confidence"),
    (
        "/embed/claims?topic=russia&limit=4&theme=dark&lang=ru",
        "claims-russia-dark-ru",
        "Уверенность",
    ),
    ("/embed/experts/gaziz-abishev?lang=ru", "expert", "Калибровка"),
    ("/embed/experts/kazbek-beisebayev?theme=dark", "expert-dark", "Calibration"),
    ("/embed/propositions/tokayev-wins-2022", "proposition", "Consensus"),
    ("/embed?topic=russia", "builder", "Snippets"),
    ("/embed/experts/nobody?lang=ru", "error-ru", "Виджет не может быть показан"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("path", "name", "words"), EMBEDS, ids=[e[1] for e in EMBEDS])
@pytest.mark.parametrize("width", [360, 1200])
def test_an_embed_page_in_a_frame_of_another_origin(
    browser_page: Page, live_server: str, host: Host, path: str, name: str, words: str, width: int
) -> None:
    host.pages[f"/{name}"] = iframe_page(live_server, path)
    browser_page.set_viewport_size({"width": width, "height": 800})
    seen = watch(browser_page)
    browser_page.goto(f"{host.url}/{name}")
    frame = frame_of(browser_page)
    expect(frame.locator("main")).to_contain_text(words, timeout=TIMEOUT_MS)
    if "experts/" in path and "nobody" not in path:
        expect(frame.locator("#calibration canvas")).to_have_count(1, timeout=TIMEOUT_MS)
        expect(frame.locator("#over-time canvas")).to_have_count(1, timeout=TIMEOUT_MS)
    if "theme=dark" in path:
        background = frame.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == DARK_BACKGROUND
    resized_to_content(browser_page, frame)
    # Nothing wider than the frame: the page holds from 320 px up.
    overflow = frame.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    if "nobody" not in path:
        assert seen.errors == []
    else:  # the only console line is the browser's note of the frame's 404
        assert all("404" in e for e in seen.errors), seen.errors
    assert seen.outside(live_server, host.url) == []
    screenshot(browser_page, f"embed-{name}-{width}.png")


def components_page(app: str) -> str:
    return (
        '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><h1>Dashboard</h1>'
        f'<script src="{app}/embed/widget.js" defer></script>'
        f'<forecast-claims id="claims" src="{app}/v1/claims?topic=russia&amp;limit=3"'
        ' theme="dark" lang="ru"></forecast-claims>'
        '<forecast-scorecard id="card" expert="gaziz-abishev"></forecast-scorecard>'
        f'<forecast-claims id="broken" src="{app}/v1/claims?topic=Not%20a%20slug">'
        "</forecast-claims>"
        "</body></html>"
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1200])
def test_the_web_components_render_on_another_origin(
    browser_page: Page, live_server: str, host: Host, width: int
) -> None:
    host.pages["/components"] = components_page(live_server)
    browser_page.set_viewport_size({"width": width, "height": 800})
    seen = watch(browser_page)
    browser_page.goto(f"{host.url}/components")
    listed = httpx.get(f"{live_server}/v1/claims?topic=russia&limit=3&include=expert")
    expected = listed.json()["items"]

    claims = browser_page.locator("#claims")
    expect(claims.locator(".fl-card")).to_have_count(len(expected), timeout=TIMEOUT_MS)
    expect(claims.locator(".fl-card").first).to_contain_text("Уверенность")
    expect(claims.locator(".fl-expert").first).to_have_text(
        expected[0]["expert"] and "Gaziz Abishev"
    )
    background = claims.locator(".fl").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == DARK_BACKGROUND

    card = browser_page.locator("#card")
    expect(card.locator(".fl-title")).to_have_text("Gaziz Abishev", timeout=TIMEOUT_MS)
    expect(card.locator("tr")).to_have_count(11)  # a header and ten bins

    broken = browser_page.locator("#broken")
    expect(broken.locator(".fl-error")).to_contain_text("topic", timeout=TIMEOUT_MS)
    screenshot(browser_page, f"embed-components-{width}.png")

    # A changed attribute renders again: English labels, light theme.
    claims.evaluate("e => { e.setAttribute('lang', 'en'); e.setAttribute('theme', 'light'); }")
    expect(claims.locator(".fl-card").first).to_contain_text("Confidence", timeout=TIMEOUT_MS)
    assert claims.locator(".fl").evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    assert [e for e in seen.errors if "422" not in e] == []  # the broken one's 422, on purpose
    assert seen.outside(live_server, host.url) == []


@pytest.mark.parametrize("path", ["/livez", "/embed/claims?limit=1", "/v1/nothing-here"])
def test_the_server_does_not_name_itself(live_server: str, path: str) -> None:
    response = httpx.get(f"{live_server}{path}")
    assert "server" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"

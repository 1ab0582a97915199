"""oEmbed 1.0 (`type: rich`) for the embed pages: the iframe another site pastes for a URL."""

import re
from html import escape
from typing import Any
from urllib.parse import urlsplit

PAGE = re.compile(r"^/embed/(?:claims|experts/[a-z0-9-]+|propositions/[a-z0-9-]+)$")
WIDTH, HEIGHT = 600, 640  # what an embed asks for when the consumer sets no maximum


def is_ours(url: str, base: str) -> bool:
    """An embed page of this service: same scheme, host and port, and an embed page's path."""
    page, own = urlsplit(url), urlsplit(base)
    same = (page.scheme, page.netloc) == (own.scheme, own.netloc)
    return same and bool(PAGE.match(page.path.removeprefix(own.path.rstrip("/"))))


def describe(url: str, base: str, maxwidth: int | None, maxheight: int | None) -> dict[str, Any]:
    """The oEmbed response for one of our embed pages (check `is_ours` first)."""
    width = min(WIDTH, maxwidth or WIDTH)
    height = min(HEIGHT, maxheight or HEIGHT)
    kind = urlsplit(url).path.rstrip("/").split("/")[-2:]
    title = "Forecast Ledger: " + (kind[1] if kind[0] in ("experts", "propositions") else "claims")
    html = (
        f'<iframe src="{escape(url)}" width="{width}" height="{height}" title="{escape(title)}"'
        ' style="border:0" loading="lazy" data-forecast-embed></iframe>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": "Forecast Ledger",
        "provider_url": f"{base}/",
        "html": html,
        "width": width,
        "height": height,
        "cache_age": 3600,
    }

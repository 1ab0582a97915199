"""Framing and hardening headers on every response.

Embed pages (`/embed…`) may be framed by the origins in `embed_frame_ancestors` (default any:
the data are public); everything else, JSON, docs and errors included, forbids framing. Every
response gets `nosniff` and a referrer policy; a response without a CSP of its own (the docs set
theirs) gets one that loads nothing, which is right for JSON, SVG and problem details.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Embed pages load only their own scripts, styles and images from this origin; uPlot and the
# resizer set styles through the CSSOM, which `style-src` does not restrict.
EMBED_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'"
)
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
REFERRER_POLICY = "strict-origin-when-cross-origin"


def embeddable(path: str) -> bool:
    return path == "/embed" or path.startswith("/embed/")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, frame_ancestors: list[str]) -> None:
        self.app = app
        self.embed_csp = f"{EMBED_CSP}; frame-ancestors {' '.join(frame_ancestors)}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = embeddable(scope["path"])

        async def hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = REFERRER_POLICY
                if embed:
                    headers["Content-Security-Policy"] = self.embed_csp
                else:
                    own = headers.get("content-security-policy")
                    if own is None:
                        headers["Content-Security-Policy"] = DEFAULT_CSP
                    elif "frame-ancestors" not in own:
                        headers["Content-Security-Policy"] = f"{own}; frame-ancestors 'none'"
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, hardened)

"""HTML → plain text with the paragraph structure kept, so spans index the same normalised text."""

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.text import normalise

# Elements whose text is never article prose.
_SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "iframe", "nav", "form", "button",
     "select", "textarea", "object", "canvas", "footer", "aside"}
)  # fmt: skip
# Elements that start a new paragraph.
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "blockquote", "li", "ul", "ol", "dl",
     "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "figure",
     "figcaption", "address", "hr", "details", "summary"}
)  # fmt: skip
_BREAK = "\x00"  # a paragraph boundary while whitespace inside paragraphs is collapsed
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_BREAKS = re.compile(r"\s*\x00[\s\x00]*")


def _walk(root: LexborNode, out: list[str]) -> None:
    # A stack of open elements rather than recursion: unclosed inline tags nest thousands deep.
    stack: list[tuple[Iterator[LexborNode], str]] = [(root.iter(include_text=True), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            out.append(closing)
            continue
        tag = child.tag or ""
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "br":
            out.append(_BREAK)
        elif tag in _SKIPPED or tag.startswith("-"):
            continue
        else:
            block = _BREAK if tag in _BLOCKS else ""
            out.append(block)
            stack.append((child.iter(include_text=True), block))


def html_to_text(html: str) -> str:
    """The visible text of an HTML document, one paragraph a line, `app.text.normalise`d."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts)
    text = _SPACE.sub(" ", "".join(parts))
    text = _BREAKS.sub("\n", text)
    return normalise("\n".join(line.strip() for line in text.split("\n")))

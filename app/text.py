"""Source text normalisation and W3C text-quote selectors: the pure helpers behind every span."""

import hashlib
import unicodedata

SELECTOR_CONTEXT = 32


def normalise(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces on lines, no surrounding blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def selector_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix a W3C TextQuoteSelector carries to re-find `text[start:end]`."""
    return text[max(0, start - SELECTOR_CONTEXT) : start], text[end : end + SELECTOR_CONTEXT]

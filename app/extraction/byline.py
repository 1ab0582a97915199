"""Who wrote the article, when they are its speaker: an opinion piece, column or op-ed.

The caller may say so (`Article.author`: "Name" or "Name, role"). Otherwise a byline in the text
is looked for near its top: "By X", "Автор: X", or a line that is only a person's name (the parse
must read it as one). A reporter's byline ("By X – Trend:") names no speaker.
"""

import re
from dataclasses import dataclass

from app.extraction import patterns as p

TOP_LINES = 15  # a byline stands among the first lines: headline, date, name, role
_BY = re.compile(
    rf"(?:(?i:by|author|автор|авторы?\s+статьи)\s*:?\s+)(?P<name>{p.FULL_NAME})"
    rf"(?P<rest>[^\n]*)"
)
_NAME_LINE = re.compile(rf"\s*(?P<name>{p.FULL_NAME})\s*")
# What follows a reporter's name: an agency ("– Trend:", ", AP"), or a dateline.
_REPORTER = re.compile(r"\s*[—–-]\s*\S|\s*:\s*$|,\s*(?i:reporter|correspondent|корреспондент)")


@dataclass(frozen=True, slots=True)
class Byline:
    """The author's name and role as written, and where the byline lies (0, 0: given)."""

    name: str
    role: str | None = None
    start: int = 0
    end: int = 0


def given(author: str) -> Byline | None:
    """The caller's `author` ("Name" or "Name, role")."""
    name, _, role = author.partition(",")
    name = " ".join(name.split())
    return Byline(name, role.strip() or None) if name else None


def detected(
    text: str, lines: list[tuple[int, int]], persons: list[tuple[int, int]]
) -> Byline | None:
    """A byline in the first lines of the text, if there is one: "By X" (not a reporter's), or a
    line that is only a name the parse reads as a person, with the next line as the role when
    it is short and not a sentence."""
    top = lines[:TOP_LINES]
    for number, (start, end) in enumerate(top):
        found = _BY.match(text, start, end)
        if found is not None:
            if _REPORTER.match(found.group("rest")):
                return None
            role = found.group("rest").strip(" ,") or None
            return Byline(found.group("name"), role, start, end)
        found = _NAME_LINE.fullmatch(text, start, end)
        if found is not None and _is_person(found.span("name"), persons):
            following = top[number + 1] if number + 1 < len(top) else None
            role = _role_line(text, following)
            end = following[1] if role and following else end
            return Byline(found.group("name"), role, start, end)
    return None


ROLE_LINE = 120  # characters: a longer line is the body, not the author's description


def _role_line(text: str, line: tuple[int, int] | None) -> str | None:
    if line is None:
        return None
    words = text[line[0] : line[1]].strip()
    if len(words) > ROLE_LINE or words.endswith((".", "!", "?")):
        return None
    return words if re.search(rf"(?<![\w-])(?i:{p.ROLES})", words) else None


def _is_person(span: tuple[int, int], persons: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(s <= start and end <= e + 1 for s, e in persons) or any(
        s < end and start < e and (e - s) >= (end - start) // 2 for s, e in persons
    )

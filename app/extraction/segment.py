"""Paragraphs and sentences with character offsets, and which characters lie inside quotations.

Quotes may run over several paragraphs: a quotation opened and not closed in one paragraph goes on
in the next (whether or not that paragraph re-opens it, as English style does).
"""

import re
from dataclasses import dataclass

_OPENERS = "«“„"
_CLOSERS = "»”"
_STRAIGHT = '"'
# A sentence ends at . ! ? … (and any closing quotes or brackets) before a space and a capital,
# a digit, an opening quote or a dash; in Cyrillic also at a full stop with the space lost
# ("Калачев.За второе место"), which Latin text keeps for domain names ("Caliber.Az").
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"»”)\]]*(?=\s+[\"«“„(\[—–-]?\s*[A-ZА-ЯЁ0-9«“„\"—–])"
    r"|(?<=[а-яё]{3}\.)(?=[А-ЯЁ][а-яё])"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Gov|Sen|Rep|Inc|Ltd|Co|vs|etc|No|Nos|Jan|Feb"
    r"|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e|т|г|гг|им|д|ст|ул|проф|др|пр"
    r"|см|тыс|млн|млрд|руб|долл|т\.е|т\.к|т\.д|т\.п)|\b[A-ZА-ЯЁ])\.$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: where it lies, its paragraph, and whether it is (partly) quoted speech."""

    start: int
    end: int
    paragraph: int
    quoted: bool  # starts inside a quotation
    quote_id: int | None  # which quotation it belongs to, if any


def _sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.end()
        if _ABBREVIATION.search(text, max(begin, cut - 8), match.start()):
            continue
        bounds.append((begin, cut))
        begin = cut
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        bounds.append((begin, end))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-empty lines of the text, as (start, end) offsets."""
    found: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            found.append((start, end))
        start = end + 1
    return found


def _is_opening(text: str, i: int) -> bool:
    """Whether the straight quote at i opens (rather than closes) a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after in ".,;:!?)":  # '… need? ... ".': nothing is quoted from a full stop on
        return False
    if before.isspace() or before in "([—–-:,\n\x00" or i == 0:
        return not after.isspace()
    return False


_MARKS = re.compile('[«»“”„"]')
_PAIRS = {"«": "»", "„": "“”", "“": "”", '"': '"'}


def quotations(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of text as (start, end), the marks excluded; may span paragraphs.

    Nested quotes („…“ inside «…») stay inside the outer one; a paragraph that opens with a quote
    mark while a quotation is open goes on with that quotation."""
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    stack: list[str] = []
    for mark in _MARKS.finditer(text):
        i, char = mark.start(), mark.group(0)
        if stack and char in _PAIRS[stack[-1]] and (char != '"' or not _is_opening(text, i)):
            stack.pop()
            if not stack and open_at is not None:
                found.append((open_at, i))
                open_at = None
        elif not stack and _closes_unopened(text, i, char, found):
            # '…is decreasing," the expert said.' with no mark opening it: the quotation the
            # outlet forgot to open started with the paragraph
            found.append((text.rfind("\n", 0, i) + 1, i))
        elif char in _OPENERS or (char == _STRAIGHT and _is_opening(text, i)):
            if not stack:
                open_at = i + 1
                stack.append(char)
            elif i > 0 and text[i - 1] == "\n" and len(stack) == 1:
                continue  # a paragraph re-opening the quotation that goes on
            else:
                stack.append(char)
    if open_at is not None:
        found.append((open_at, len(text)))
    return found


_UNOPENED_END = re.compile(r"\s*,?\s*[—–-]?\s*[a-zа-яё]")


def _closes_unopened(text: str, i: int, char: str, found: list[tuple[int, int]]) -> bool:
    """Whether a mark closes a quotation opened nowhere in its paragraph: a closing mark after
    a comma or full stop, a lower-case word ("the expert said") after it, and no quotation
    before it in the paragraph."""
    if char not in _CLOSERS + _STRAIGHT or (char == _STRAIGHT and _is_opening(text, i)):
        return False
    if i == 0 or text[i - 1] not in ",.!?…" or not _UNOPENED_END.match(text, i + 1):
        return False
    line_start = text.rfind("\n", 0, i) + 1
    return not found or found[-1][1] < line_start


def sentences(text: str) -> list[Sentence]:
    """Every sentence of the text, in order, with its paragraph and quotation."""
    quotes = quotations(text)
    result: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        for start, end in _sentence_bounds(text, p_start, p_end):
            quote_id = _quote_of(quotes, start, end)
            quoted = quote_id is not None and quotes[quote_id][0] <= start + 2
            result.append(Sentence(start, end, number, quoted, quote_id))
    return result


def _quote_of(quotes: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The quotation that covers most of the sentence, if one covers at least half of it."""
    for index, (q_start, q_end) in enumerate(quotes):
        overlap = min(end, q_end) - max(start, q_start)
        if overlap > 0 and overlap * 2 >= end - start - 2:
            return index
    return None

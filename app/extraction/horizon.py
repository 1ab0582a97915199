"""Horizon phrases → the earliest and latest dates a forecast speaks of, from `published_on`."""

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.extraction.types import HorizonDraft

Interval = tuple[dt.date | None, dt.date | None]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
            "два": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "пять": 5, "пяти": 5,
            "десять": 10, "десяти": 10}  # fmt: skip


def _years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


Rule = Callable[[re.Match[str], dt.date], Interval]
_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), rule)
    for pattern, rule in (
        (r"\b(?:tomorrow)\b|(?<!\w)завтра(?!\w)",
         lambda m, d: (d + dt.timedelta(days=1), d + dt.timedelta(days=1))),
        (r"\b(?:today|tonight)\b|(?<!\w)сегодня(?!\w)", lambda m, d: (d, d)),
        (r"\b(?:next|the coming) week\b|на следующей неделе",
         lambda m, d: (d, d + dt.timedelta(days=14))),
        (r"\bnext month\b|в следующем месяце",
         lambda m, d: (d, _month_end(_month_end(d) + dt.timedelta(days=1)))),
        (r"\bthis year\b|в этом году|до конца года|by the end of the year",
         lambda m, d: (d, _year_end(d.year))),
        (r"\bnext year\b|в следующем году|в будущем году",
         lambda m, d: (dt.date(d.year + 1, 1, 1), _year_end(d.year + 1))),
        (r"\b(?:by|until|before|no later than) (?:the end of )?(?P<y>20\d\d)\b"
         r"|(?<!\w)(?:к|до)(?: концу)? (?P<y2>20\d\d)(?:-?(?:му|го))? год(?:у|а)?",
         lambda m, d: (d, _year_end(int(m.group("y") or m.group("y2"))))),
        (r"\bin (?P<y>20\d\d)\b|(?<!\w)в (?P<y2>20\d\d)(?:-?м)? году",
         lambda m, d: (dt.date(int(m.group("y") or m.group("y2")), 1, 1),
                       _year_end(int(m.group("y") or m.group("y2"))))),
        (r"\b(?:in|over|within) the (?:next|coming) (?P<n>\d+|\w+) years\b"
         r"|в (?:ближайшие|следующие) (?P<n2>\d+|\w+) (?:лет|года)",
         lambda m, d: (d, _years(d, _count(m.group("n") or m.group("n2"))))),
        (r"\bin the (?:coming|next few) years\b|в ближайшие годы|в ближайшие несколько лет",
         lambda m, d: (d, _years(d, 5))),
        (r"\bin the (?:near|foreseeable) future\b|\bsoon\b|в ближайшее время|в скором времени"
         r"|в обозримом будущем|вскоре",
         lambda m, d: (d, _years(d, 1))),
        (r"\bin the (?:medium|mid) term\b|в среднесрочной перспективе",
         lambda m, d: (d, _years(d, 5))),
        (r"\bin the long (?:term|run)\b|в долгосрочной перспективе",
         lambda m, d: (d, _years(d, 10))),
    )
)  # fmt: skip


# All the rules as one pattern (named groups made plain), so one search finds the first phrase.
_ANY_RULE = re.compile(
    "|".join(f"(?:{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})" for p, _ in _RULES),
    re.IGNORECASE,
)

# Every rule needs one of these words; text without any is let through at once.
_HINT = re.compile(
    r"(?i:tomorrow|today|tonight|week|month|year|20\d\d|future|soon|term|long run"
    r"|завтра|сегодня|недел|месяц|год|20\d\d|лет|будущ|врем|вскоре|перспектив)"
)


def horizon_of(text: str, published_on: dt.date | None) -> HorizonDraft | None:
    """The first horizon phrase in the text as an interval; dates need `published_on`."""
    if not _HINT.search(text):
        return None
    first = _ANY_RULE.search(text)
    if first is None:
        return None
    # The rule that matched there: the first in order, as the combined pattern tried them.
    found, rule = next(
        (found, rule) for pattern, rule in _RULES if (found := pattern.match(text, first.start()))
    )
    earliest, latest = _dates(rule, found, published_on)
    return HorizonDraft(phrase=found.group(0), earliest=earliest, latest=latest)


def _dates(rule: Rule, found: re.Match[str], published_on: dt.date | None) -> Interval:
    """The rule's dates from `published_on`; none without it, or past the calendar's end
    ("within the next 9000 years", or "next year" written in 9999)."""
    if published_on is None:
        return None, None
    try:
        return rule(found, published_on)
    except (ValueError, OverflowError):
        return None, None


# Events an article dates ("Tomorrow, November 20, the presidential elections will be held"), so
# that "in these elections" and a forecast of the vote's outcome get that day as their horizon.
_MONTHS = {
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                   "august", "september", "october", "november", "december"), 1)},
    **{m: i for i, m in enumerate(("января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                                   "августа", "сентября", "октября", "ноября", "декабря"), 1)},
}  # fmt: skip
_MONTH = "|".join(_MONTHS)
_EVENT = re.compile(
    r"(?i:\belections?\b|\bvote\b|\breferendum\b|\bpolls\b|(?<!\w)выбор|(?<!\w)референдум"
    r"|(?<!\w)голосовани)"
)
_EVENT_WORDS = ("election", "vote", "referendum", "polls", "выбор", "референдум", "голосовани")
_EVENT_DAY = re.compile(
    rf"(?i:(?P<relative>\btomorrow\b|\btoday\b|(?<!\w)завтра(?!\w)|(?<!\w)сегодня(?!\w))"
    rf"(?:,?\s+(?:on\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})))?"
    rf"|\b(?P<m3>{_MONTH})\s+(?P<d3>\d{{1,2}})\b|(?<!\w)(?P<d4>\d{{1,2}})\s+(?P<m4>{_MONTH})(?!\w))"
)
_IN_THE_EVENT = re.compile(
    r"(?i:\b(?:in|at)\s+(?:these|this|the\s+(?:upcoming|coming|forthcoming))\s+"
    r"(?:elections?|vote|referendum|polls)\b"
    r"|(?<!\w)на\s+(?:этих|предстоящих|нынешних|ближайших)\s+выборах(?!\w)"
    r"|(?<!\w)на\s+(?:этом|предстоящем)\s+референдуме(?!\w))"
)
_AFTER_THE_EVENT = re.compile(
    r"(?i:\bafter\s+(?:the\s+)?(?:elections?|vote|referendum)\b"
    r"|(?<!\w)после\s+(?:выборов|референдума)(?!\w))"
)
# What a forecast of the event's own outcome speaks of: it falls due on the day itself.
_OUTCOME = re.compile(
    r"(?i:\bvictory\b|\bwin(?:s|ning)?\b|\bwon\b|\b(?:re-?)?elected\b|\bcandidates?\b"
    r"|\bturnout\b|\bballots?\b|(?<!\w)побед|(?<!\w)кандидат|(?<!\w)явк|(?<!\w)избер"
    r"|(?<!\w)переизбр)"
)


@dataclass(frozen=True, slots=True)
class Event:
    """The vote an article looks ahead to: the words that date it, and the day."""

    phrase: str
    day: dt.date


def event_of(
    text: str, sentences: Sequence[tuple[int, int]], published_on: dt.date | None
) -> Event | None:
    """The first election or referendum the text dates, on or after `published_on`; the
    sentences are (start, end) offsets into `text`, in order."""
    lowered = text.lower()
    if published_on is None or not any(word in lowered for word in _EVENT_WORDS):
        return None  # a cheap test first: most articles are about no vote at all
    starts = [start for start, _ in sentences]
    checked: set[int] = set()
    for mention in _EVENT.finditer(text):  # one pass over the text, then only those sentences
        index = bisect_right(starts, mention.start()) - 1
        if index < 0 or index in checked:
            continue
        checked.add(index)
        start, end = sentences[index]
        for found in _EVENT_DAY.finditer(text, start, end):
            day = _event_day(found, published_on)
            if day is not None and day >= published_on:
                return Event(found.group(0), day)
    return None


def _event_day(found: re.Match[str], published_on: dt.date) -> dt.date | None:
    month = found.group("m1") or found.group("m2") or found.group("m3") or found.group("m4")
    number = found.group("d1") or found.group("d2") or found.group("d3") or found.group("d4")
    if month and number:
        try:
            day = dt.date(published_on.year, _MONTHS[month.lower()], int(number))
        except ValueError:
            return None
        if day >= published_on:
            return day
        # "January 10" written in December is next year's; "5 March" in November is past.
        following = _later(day, years=1)
        return (
            following if following and following - published_on <= dt.timedelta(days=60) else None
        )
    relative = (found.group("relative") or "").lower()
    return _later(published_on, days=1 if relative in ("tomorrow", "завтра") else 0)


def _later(day: dt.date, *, years: int = 0, days: int = 0) -> dt.date | None:
    """`day` moved on, or None past 9999-12-31."""
    try:
        return _years(day, years) + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None


def event_horizon(text: str, event: Event | None, *, forecast_sentence: str) -> HorizonDraft | None:
    """A horizon from the article's event: "in these elections" is its day; "after the
    elections" starts the day after; a forecast of the outcome (a victory, the candidates)
    falls due on the day, as the article dates it."""
    if event is None:
        return None
    if found := _IN_THE_EVENT.search(text):
        return HorizonDraft(found.group(0), event.day, event.day)
    if found := _AFTER_THE_EVENT.search(text):
        return HorizonDraft(found.group(0), _later(event.day, days=1), None, inferred=True)
    if _OUTCOME.search(forecast_sentence):
        return HorizonDraft(event.phrase, event.day, event.day, inferred=True)
    return None

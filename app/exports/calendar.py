"""iCalendar (RFC 5545) through the icalendar library: one all-day event per claim on the day
its horizon ends (the day it falls due), for calendar apps to subscribe to.

UIDs are derived from the claim's URL, so an event stays the same event across reads; DTSTAMP is
the claim's last change, so an unchanged calendar is byte for byte the same (and keeps its ETag).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from icalendar import Calendar, Event

from app.exports.base import Page

PRODID = "-//Forecast Ledger//Claims//EN"


def _description(item: dict[str, Any]) -> str:
    horizon, confidence = item["horizon"], item["confidence"]
    lines = [f"“{item['quote']}”", f"Source: {item['source']['title']}"]
    if horizon["phrase"]:
        lines.append(f"Time frame: {horizon['phrase']}")
    if horizon["earliest"] and horizon["earliest"] != horizon["latest"]:
        lines.append(f"Window: {horizon['earliest']} to {horizon['latest']}")
    if confidence["probability"] is not None:
        lines.append(f"Confidence: {confidence['phrase']} ({confidence['band']})")
    if item["outcome"]:
        lines.append(f"Outcome: {item['outcome']}")
    return "\n".join(lines)


def event(item: dict[str, Any]) -> Event:
    """A claim with a horizon, shown with `include=expert,source,topics`, as an all-day event."""
    due: dt.date = item["horizon"]["latest"]
    event = Event()
    event.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, item['url'])}")
    event.add("dtstamp", item["updated_at"])
    event.add("created", item["created_at"])
    event.add("last-modified", item["updated_at"])
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"{item['expert']['name']}: {item['statement']}")
    event.add("description", _description(item))
    event.add("url", item["url"])
    event.add("transp", "TRANSPARENT")
    if item["topics"]:
        event.add("categories", [t["name"] for t in item["topics"]])
    return event


@dataclass(slots=True)
class Agenda:
    """Each event is serialised as its page arrives; claims without a horizon are left out."""

    name: str = "Forecast Ledger: forecasts falling due"
    media_type: str = "text/calendar; charset=utf-8"
    extension: str = "ics"
    related: bool = False
    latest_resolution: bool = False

    def head(self) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", self.name)
        # to_ical() closes the calendar; the events go in between its opening and END line.
        text: bytes = calendar.to_ical()
        return text.removesuffix(b"END:VCALENDAR\r\n")

    def page(self, page: Page) -> bytes:
        items = page.items(frozenset({"expert", "source", "topics"}))
        return b"".join(event(item).to_ical() for item in items if item["horizon"]["latest"])

    def tail(self, count: int, next_url: str | None) -> bytes:
        return b"END:VCALENDAR\r\n"

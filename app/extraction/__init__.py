"""Article text → experts and draft claims; see `types` for the interface."""

from app.extraction.html import html_to_text
from app.extraction.names import expert_key
from app.extraction.pipeline import extract
from app.extraction.topics import TOPICS, Topic

EXTRACTOR = "rules"
VERSION = "0.4.1"

__all__ = ["EXTRACTOR", "TOPICS", "VERSION", "Topic", "expert_key", "extract", "html_to_text"]

"""Speaker markers in a sentence's text: "X believes that", introductions, titles before names."""

import re
from dataclasses import dataclass

from app.extraction import cues
from app.extraction import patterns as p

_NOT_NAMES = cues.NOT_NAMES
_POLITICIAN_TITLE = re.compile(
    rf"^(?i:{p.alternation(cues.POLITICIANS_EN + cues.POLITICIANS_RU)})$"
)
GENITIVE_LEAD = re.compile(r"(?i:по\s+(?:словам|мнению|оценкам?|прогнозам?)|с\s+точки\s+зрения)")


def role_text(match: re.Match[str], tag: str) -> str | None:
    """The role a WHO match gives its person ("the economist at X"), without an article."""
    role = match.group(f"role{tag}") or ""
    appos = (match.group(f"appos{tag}") or "").strip(" ,")
    text = " ".join(part for part in (role, appos) if part)
    text = re.sub(r"^(?i:the|a|an)\s+", "", text)
    return text or None


def split_title(name: str) -> tuple[str, str | None]:
    """'President Tokayev' → ('Tokayev', 'President'); leading non-name words dropped; an
    organisation ("Energy Ministry") is no one."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in cues.ORGANISATIONS:
        words.pop(0)  # "… Assessment Group Dosym Satpayev": the organisation's last word
    if any(word.lower() in cues.ORGANISATIONS for word in words):
        return "", None
    title: list[str] = []
    while words and (words[0].lower() in _NOT_NAMES or _POLITICIAN_TITLE.match(words[0])):
        if _POLITICIAN_TITLE.match(words[0]):
            title.append(words[0])
        words.pop(0)
    if any(_POLITICIAN_TITLE.match(word) for word in words):  # "Foreign Minister": an office
        return "", None
    return " ".join(words), " ".join(title) or None


WINDOW = 160  # characters before a cue word in which its speaker is looked for


def introductions(text: str) -> list[re.Match[str]]:
    """'political analyst X', 'X, director of Y,': looked for only around role words."""
    found: list[re.Match[str]] = []
    end = 0
    for role in p.ROLE_WORD.finditer(text):
        if role.start() < end:
            continue
        intro = p.INTRODUCTION_SET_OFF.match(text, role.start()) or p.INTRODUCTION.search(
            text, max(end, role.start() - WINDOW), role.end() + WINDOW
        )
        if intro:
            found.append(intro)
            end = intro.end()
    return found


@dataclass(frozen=True, slots=True)
class SpeakerCue:
    """'X believes that': who (a WHO match), where the cue starts and ends, and its verb."""

    who: re.Match[str]
    start: int
    verb_start: int
    verb: str
    end: int


def subject_verb(text: str) -> SpeakerCue | None:
    """'X believes that': the speaker looked for just before each speech verb."""
    for word in p.SPEECH_WORD.finditer(text):
        verb = p.VERB_THAT.match(text, word.start())
        if verb is None:
            continue
        who = p.SUBJECT_BEFORE_VERB.search(text, max(0, word.start() - WINDOW), word.start())
        if who:
            return SpeakerCue(who, who.start(), verb.start(), verb.group("verb"), verb.end())
    return None

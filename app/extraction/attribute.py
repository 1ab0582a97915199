"""Who says each sentence: markers before and after the words, quotations over several
paragraphs, role nouns and pronouns resolved to the person meant, interviews, unnamed groups.

A sentence the journalist says, or a politician's words, gets no speaker. Each attributed
sentence carries the region of it that is the speaker's own claim (the marker cut away).
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from app.extraction import cues
from app.extraction import patterns as p
from app.extraction.claims import kind_of
from app.extraction.experts import Person, Registry, nominative
from app.extraction.interview import interviewee as _interviewee
from app.extraction.interview import is_question, questions_and_answers
from app.extraction.segment import Sentence, paragraphs, quotations

_NOT_NAMES = cues.NOT_NAMES
_POLITICIAN_TITLE = re.compile(
    rf"^(?i:{p.alternation(cues.POLITICIANS_EN + cues.POLITICIANS_RU)})$"
)
_GENERIC_ROLES = frozenset({"expert", "эксперт", "speaker", "interlocutor", "собеседник",
                            "analyst", "аналитик", "спикер"})  # fmt: skip
_GENITIVE_LEAD = re.compile(r"(?i:по\s+(?:словам|мнению|оценкам?|прогнозам?)|с\s+точки\s+зрения)")
_TRIM_START = " \t\"«»“”„'—–-:,;"
_TRIM_END = " \t\"«»“”„'—–-:,;."
# Belief verbs that grade the clause they introduce: the claim's hedge, kept in its span.
_HEDGE_VERBS = re.compile(
    r"(?i:expects?|expected|predicts?|think|thinks|believes?|doubts?|does\s+not\s+think"
    r"|doesn't\s+think|does\s+not\s+believe|(?:is|are)\s+(?:certain|sure|convinced)"
    r"|уверен[аы]?|убежд[её]н[аы]?|не\s+исключа[ею]т|сомневаю?тся|считаю?т|полага[ею]т)"
)


@dataclass(frozen=True, slots=True)
class Attributed:
    """A sentence, its speaker's key (None: the journalist) and the speaker's own words in it."""

    sentence: Sentence
    speaker: str | None
    start: int
    end: int
    reported: bool = False


def _role_text(match: re.Match[str], tag: str) -> str | None:
    role = match.group(f"role{tag}") or ""
    appos = (match.group(f"appos{tag}") or "").strip(" ,")
    text = " ".join(part for part in (role, appos) if part)
    text = re.sub(r"^(?i:the|a|an)\s+", "", text)
    return text or None


def _split_title(name: str) -> tuple[str, str | None]:
    """'President Tokayev' → ('Tokayev', 'President'); leading non-name words dropped; an
    organisation ("Energy Ministry") is no one."""
    words = name.split()
    if any(word.lower() in cues.ORGANISATIONS for word in words):
        return "", None
    title: list[str] = []
    while words and (words[0].lower() in _NOT_NAMES or _POLITICIAN_TITLE.match(words[0])):
        if _POLITICIAN_TITLE.match(words[0]):
            title.append(words[0])
        words.pop(0)
    return " ".join(words), " ".join(title) or None


class _Reader:
    """Reads an article sentence by sentence, keeping who spoke last."""

    def __init__(self, text: str, registry: Registry) -> None:
        self.text = text
        self.registry = registry
        self.current: Person | None = None
        self.quotes = quotations(text)
        self.quote_speakers: dict[int, Person | None] = {}

    def resolve(
        self, match: re.Match[str], tag: str = "", *, genitive: bool = False
    ) -> Person | None:
        groups = match.groupdict()
        if groups.get(f"name{tag}"):
            raw, title = _split_title(groups[f"name{tag}"])
            if not raw:
                return None
            role = _role_text(match, tag)
            is_genitive = genitive or bool(role and re.search(r"[ая]$", role.split()[-1]))
            person = self.registry.person(nominative(raw, genitive=is_genitive), role or title)
            if person is not None and title and not person.role:
                person.politician = True
            return person
        if groups.get(f"group{tag}"):
            return self.registry.group(groups[f"group{tag}"])
        if groups.get(f"rolenoun{tag}"):
            return self.by_role(groups[f"rolenoun{tag}"])
        if groups.get(f"pronoun{tag}"):
            return self.by_pronoun(groups[f"pronoun{tag}"])
        if groups.get(f"gpronoun{tag}"):
            return self.registry.last(kind="group")
        return None

    def by_pronoun(self, pronoun: str) -> Person | None:
        """He, she, his, её: the last person mentioned of that gender (when known)."""
        lowered = pronoun.lower()
        if lowered in cues.FEMALE_PRONOUNS:
            return self.registry.last(gender="f")
        if lowered in cues.MALE_PRONOUNS:
            return self.registry.last(gender="m")
        return self.registry.last()

    def by_role(self, phrase: str) -> Person | None:
        """ "The economist", "экономист": the last expert whose role has that noun; a generic
        noun ("the expert") or a role no one was given, the last expert."""
        noun = phrase.lower().split()[-1]
        stem = noun[:-1] if noun[-1:] in "ауеы" and len(noun) > 6 else noun
        found = self.registry.last(role=stem)
        if found is None and (stem in _GENERIC_ROLES or noun in _GENERIC_ROLES):
            found = self.registry.last()
        return found

    def resolve_known(self, match: re.Match[str]) -> Person | None:
        """A name or role noun resolved to an expert already met, adding no one."""
        if match.group("name"):
            raw, _title = _split_title(match.group("name"))
            person = self.registry.known(nominative(raw)) if raw else None
            return person if person is not None and not person.politician else None
        return self.by_role(match.group("rolenoun"))

    def quote_speaker(self, index: int) -> Person | None:
        if index not in self.quote_speakers:
            self.quote_speakers[index] = self._find_quote_speaker(index)
        return self.quote_speakers[index]

    def _find_quote_speaker(self, index: int) -> Person | None:
        start, end = self.quotes[index]
        line_end = self.text.find("\n", end)
        after = self.text[end : line_end if line_end >= 0 else len(self.text)]
        found = p.AFTER_QUOTE.search(after)
        if found:
            tag = "1" if found.group("verb_first") else "2"
            return self.resolve(found, tag)
        line_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[line_start:start]
        before = before[: p.QUOTE_LEAD.search(before).start()]  # type: ignore[union-attr]
        if not before:
            return self.current
        found = p.ACCORDING_TO.search(before + ", ")
        if found and found.end() >= len(before):
            return self.resolve(found, genitive=bool(_GENITIVE_LEAD.search(before)))
        cue = _subject_verb(before)
        if cue and cue.end >= len(before.rstrip()):
            return self.resolve(cue.who)
        found = p.WHO_AT_END.search(before, max(0, len(before) - 60))
        if found:
            return self.resolve(found)
        return self.current


WINDOW = 160  # characters before a cue word in which its speaker is looked for


def _introductions(text: str) -> list[re.Match[str]]:
    """'political analyst X', 'X, director of Y,': looked for only around role words."""
    found: list[re.Match[str]] = []
    end = 0
    for role in p.ROLE_WORD.finditer(text):
        if role.start() < end:
            continue
        intro = p.INTRODUCTION.search(text, max(end, role.start() - WINDOW), role.end() + WINDOW)
        if intro:
            found.append(intro)
            end = intro.end()
    return found


@dataclass(frozen=True, slots=True)
class _SpeakerCue:
    """'X believes that': who (a WHO match), where the cue starts and ends, and its verb."""

    who: re.Match[str]
    start: int
    verb_start: int
    verb: str
    end: int


def _subject_verb(text: str) -> _SpeakerCue | None:
    """'X believes that': the speaker looked for just before each speech verb."""
    for word in p.SPEECH_WORD.finditer(text):
        verb = p.VERB_THAT.match(text, word.start())
        if verb is None:
            continue
        who = p.SUBJECT_BEFORE_VERB.search(text, max(0, word.start() - WINDOW), word.start())
        if who:
            return _SpeakerCue(who, who.start(), verb.start(), verb.group("verb"), verb.end())
    return None


HEADLINE = 250  # characters: a first line this short without a closing full stop is a headline


def _headline(text: str) -> int:
    """Where the headline ends (0 when the text has none): its claims come again in the body."""
    first = text.split("\n", 1)[0]
    if len(first) <= HEADLINE and not first.rstrip().endswith("."):
        return len(first)
    return 0


def _mentions(text: str, person: Person) -> bool:
    """Whether the text names the person (then it speaks of them, not in their voice)."""
    return any(alias.split()[-1] in text for alias in (person.name, *person.aliases))


def _any_who(match: re.Match[str], tag: str) -> bool:
    return any(match.group(f"{part}{tag}") for part in p.WHO_PARTS)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end


def _narrates(reader: _Reader, s_text: str) -> Person | None:
    """The expert an unmarked sentence is about, when the journalist speaks of them: "Omarova
    does not share the pessimism", "The Astana analyst is more cautious", "That puts her at odds
    with the economist", "He is not convinced" (a pronoun only before an assessment)."""
    found = p.ABOUT_START.match(s_text)
    if found and (found.group("name") or found.group("rolenoun")):
        return reader.resolve_known(found)
    if found and found.group("pronoun") and kind_of(s_text) == "assessment":
        return reader.by_pronoun(found.group("pronoun"))
    mention = p.ROLE_MENTION.search(s_text) if p.THE_WORD.search(s_text) else None
    return reader.by_role(mention.group(0)) if mention else None


def attribute(text: str, sentences: list[Sentence], registry: Registry) -> list[Attributed]:
    """Every sentence with its speaker (or None) and the span of the speaker's own words."""
    reader = _Reader(text, registry)
    lines = paragraphs(text)
    questions, answers = questions_and_answers(text, lines)
    interviewee: Person | None = None
    result: list[Attributed] = []
    paragraph, paragraph_speaker = -1, None
    headline = _headline(text)
    # Role words found in one pass: introductions are looked for only in sentences with one.
    roles = p.starts(p.ROLE_WORD, p.ROLE_WORD_LOWER, text)
    speech = p.starts(p.SPEECH_WORD, p.SPEECH_WORD_LOWER, text)
    for sentence in sentences:
        if sentence.end <= headline:
            result.append(Attributed(sentence, None, sentence.start, sentence.end))
            continue
        if sentence.paragraph != paragraph:
            paragraph, paragraph_speaker = sentence.paragraph, None
        s_text = text[sentence.start : sentence.end]
        if _within(roles, sentence.start, sentence.end):
            _introduce(registry, s_text)
        speaks = _within(speech, sentence.start, sentence.end)
        speaker, start, end, marked = _speaker(
            reader, sentence, s_text, paragraph_speaker, speaks=speaks
        )
        if paragraph in questions:
            interviewee = interviewee or _interviewee(text, lines[paragraph][0], registry)
            speaker = None
        elif paragraph in answers and not marked and interviewee is not None:
            speaker = None if _mentions(s_text, interviewee) else interviewee
        elif not marked and speaker is not None and not sentence.quoted:
            about = _narrates(reader, s_text)
            if about is not None:
                speaker, paragraph_speaker = None, about
                registry.touch(about)
        if speaker is not None and (speaker.politician or is_question(s_text)):
            speaker = None
        if speaker is not None and not sentence.quoted and sentence.quote_id is None:
            # Groups speak only where a marker says so; people go on for the paragraph.
            paragraph_speaker = speaker if speaker.kind == "person" else None
        if speaker is not None:
            reader.current = registry.touch(speaker)
        start, end = _trim(text, start, end)
        key = speaker.key if speaker is not None else None
        result.append(Attributed(sentence, key, start, end, _reports(text, start, end)))
    return result


def _within(positions: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted positions lies in [start, end)."""
    index = bisect_left(positions, start)
    return index < len(positions) and positions[index] < end


def _reports(text: str, start: int, end: int) -> bool:
    """Whether the words report someone else's ("Tokayev said that"), not in a comparison
    ("faster than the ministry promises", "сильнее, чем обещает министерство")."""
    if not p.REPORTED_VERB.search(text, start, end):
        return False
    found = p.REPORTED.search(text, start, end)
    return bool(
        found and not p.COMPARISON.search(text, max(start, found.start() - 40), found.start())
    )


def _introduce(registry: Registry, s_text: str) -> None:
    for intro in _introductions(s_text):
        name, title = _split_title(intro.group("name") or intro.group("name2") or "")
        if name:
            role = (intro.group("role") or "") + (intro.group("org") or "")
            genitive = bool(re.search(r"[ая]$", (intro.group("role") or "").strip()))
            role = role or (intro.group("appos") or "").strip(" ,")
            registry.person(nominative(name, genitive=genitive), role.strip() or title)


def _speaker(
    reader: _Reader,
    sentence: Sentence,
    s_text: str,
    paragraph_speaker: Person | None,
    *,
    speaks: bool,
) -> tuple[Person | None, int, int, bool]:
    """The speaker, the span of their words, and whether a marker names them (not only the
    paragraph's speaker going on)."""
    start, end = sentence.start, sentence.end
    if sentence.quote_id is not None:
        q_start, q_end = reader.quotes[sentence.quote_id]
        quoted_by = reader.quote_speaker(sentence.quote_id)
        return quoted_by, max(start, q_start), min(end, q_end), True
    found = p.ACCORDING_TO.search(s_text)
    if found:
        genitive = bool(_GENITIVE_LEAD.search(found.group(0)))
        if found.group("opinion_en") or found.group("opinion_ru"):
            plural = (found.group("opinion_en") or found.group("opinion_ru")).lower()
            if plural in {"their", "их"}:
                return reader.registry.last(kind="group"), start + found.end(), end, True
            return reader.by_pronoun(plural), start + found.end(), end, True
        return reader.resolve(found, genitive=genitive), start + found.end(), end, True
    if not speaks:  # no speech verb: only the paragraph's speaker can go on
        return paragraph_speaker, start, end, False
    cue = _subject_verb(s_text)
    if cue:
        who = reader.resolve(cue.who)
        if who is not None:
            rest = s_text[cue.end :].strip(' ."»”')
            if len(rest.split()) >= 3:
                hedged = _HEDGE_VERBS.fullmatch(cue.verb)
                return who, start + (cue.verb_start if hedged else cue.end), end, True
            return who, start, start + cue.start, True
    for verb in p.SPEECH_WORD.finditer(s_text[-WINDOW:]):
        offset = max(0, len(s_text) - WINDOW)
        found = p.VERB_SUBJECT_AT.match(s_text, offset + verb.start())
        if found:
            who = reader.resolve(found)
            if who is not None:
                return who, start, start + found.start(), True
    return paragraph_speaker, start, end, False

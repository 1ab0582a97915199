"""Who says each sentence: markers before and after the words, quotations over several
paragraphs, role nouns and pronouns resolved to the person meant, interviews, unnamed groups.

A sentence the journalist says, or a politician's words, gets no speaker. Each attributed
sentence carries the region of it that is the speaker's own claim (the marker cut away).
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Literal

from app.extraction import patterns as p
from app.extraction.claims import kind_of
from app.extraction.experts import Person, Registry, nominative
from app.extraction.interview import interviewee as _interviewee
from app.extraction.interview import is_dialogue, is_question, questions_and_answers
from app.extraction.markers import GENITIVE_LEAD, WINDOW, subject_verb
from app.extraction.reader import Reader, introduce
from app.extraction.segment import Sentence, paragraphs

_TRIM_START = " \t\"«»“”„'—–-:,;"
_TRIM_END = " \t\"«»“”„'—–-:,;."
# Belief verbs that grade the clause they introduce: the claim's hedge, kept in its span.
_HEDGE_VERBS = re.compile(
    r"(?i:expects?|expected|predicts?|think|thinks|believes?|doubts?|does\s+not\s+think"
    r"|doesn't\s+think|does\s+not\s+believe|(?:is|are)\s+(?:certain|sure|convinced)"
    r"|уверен[аы]?|убежд[её]н[аы]?|не\s+исключа[ею]т|сомневаю?тся|считаю?т|полага[ею]т)"
)


# What names the speaker of a sentence: a quotation whose speaker is known, "according to X",
# a speech verb with its subject, an interview's answer, or nothing in the sentence itself (the
# paragraph's speaker going on; `card`: the dash-led paragraphs after a line that is only a name
# and a role; `byline`: nothing names anyone, and the author of an opinion piece speaks).
# Drafts are scored by it (`app.extraction.score`).
Evidence = Literal["quote", "according", "verb", "answer", "card", "carried", "byline"]


@dataclass(frozen=True, slots=True)
class Attributed:
    """A sentence, its speaker's key (None: the journalist) and the speaker's own words in it."""

    sentence: Sentence
    speaker: str | None
    start: int
    end: int
    reported: bool = False
    evidence: Evidence = "carried"


def attribute(
    text: str,
    sentences: list[Sentence],
    registry: Registry,
    persons: list[tuple[int, int]] | None = None,
    author: Person | None = None,
    author_after: int = 0,
) -> list[Attributed]:
    """Every sentence with its speaker (or None) and the span of the speaker's own words;
    `persons` are the spans the parse found to name people; `author` speaks the sentences no
    one else does (an opinion piece's) after its byline, at `author_after`."""
    persons = persons or []
    reader = Reader(text, registry, persons)
    lines = paragraphs(text)
    questions, answers = questions_and_answers(text, lines)
    interviewee: Person | None = None
    card_speaker: Person | None = None  # the expert a name card introduced, for the dashes after
    dash_speaker: Person | None = None  # the same, kept for dash-led paragraphs further on
    result: list[Attributed] = []
    paragraph, paragraph_speaker = -1, None
    headline = _headline(text)
    # Role words found in one pass: introductions are looked for only in sentences with one.
    roles = p.starts(p.ROLE_WORD, p.ROLE_WORD_LOWER, text)
    speech = p.starts(p.SPEECH_WORD, p.SPEECH_WORD_LOWER, text)
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, paragraph_speaker = sentence.paragraph, None
            p_start, p_end = lines[paragraph]
            card = _CARD.fullmatch(text, p_start, p_end)
            if card is not None:  # "Алексей Чадаев — политолог": whose soundbites follow
                carded = registry.person(nominative(card.group("name")), card.group("role"))
                result.append(Attributed(sentence, None, sentence.start, sentence.end))
                card_speaker = carded if carded is not None and not carded.politician else None
                dash_speaker = card_speaker
                continue
            if not is_dialogue(text[p_start:p_end]):
                card_speaker = None
            elif card_speaker is None and paragraph not in questions:
                card_speaker = dash_speaker
        if sentence.end <= headline:
            result.append(Attributed(sentence, None, sentence.start, sentence.end))
            continue
        s_text = text[sentence.start : sentence.end]
        introduced = (
            introduce(registry, s_text) if _within(roles, sentence.start, sentence.end) else []
        )
        speaks = _within(speech, sentence.start, sentence.end)
        speaker, start, end, evidence = _speaker(
            reader, sentence, s_text, paragraph_speaker, speaks=speaks
        )
        if card_speaker is not None and evidence == "carried":
            speaker, evidence = card_speaker, "card"
        marked = evidence != "carried"
        label = _label(text, sentence, lines, persons)
        if label is not None:  # "Досым Сатпаев: Ну я бы …": a transcript names who speaks
            labelled = registry.person(nominative(label.group("name")))
            if labelled is not None:
                speaker, paragraph_speaker, evidence = labelled, labelled, "answer"
                start, marked = max(start, label.end()), True
        if paragraph in questions:
            interviewee = interviewee or _interviewee(text, lines[paragraph][0], registry, persons)
            speaker = None
        elif paragraph in answers and not marked and interviewee is not None:
            speaker = None if _mentions(s_text, interviewee) else interviewee
            evidence = "answer"
        elif not marked and speaker is not None and not sentence.quoted:
            about = _narrates(reader, s_text)
            if about is not None:
                speaker, paragraph_speaker, marked = None, about, True
                registry.touch(about)
        if speaker is not None and (speaker.politician or is_question(s_text)):
            speaker = None
        elif speaker is None and not marked and paragraph not in questions:
            speaker, evidence = _authors(author, sentence, s_text, author_after) or (None, evidence)
        # The author is no one's antecedent: "he" in their own piece is someone else.
        if speaker is not None and evidence != "byline":
            if not sentence.quoted and sentence.quote_id is None:
                # Groups speak only where a marker says so; people go on for the paragraph.
                paragraph_speaker = speaker if speaker.kind == "person" else None
            reader.current = registry.touch(speaker)
        if speaker is None and not marked and _BACK_REFERENCE.match(s_text):
            back = p.BACK_TRAILING.search(s_text)
            speaker = reader.trailing(back, sentence.start) if back else None
            evidence = "verb" if speaker is not None else evidence
        if speaker is not None and evidence in ("verb", "according"):
            if _BACK_REFERENCE.match(s_text):  # "Об этом сообщил X": what came before is X's
                _claim_back(result, sentence.paragraph, speaker.key, text)
                start = end
            elif is_dialogue(text[lines[paragraph][0] : lines[paragraph][1]]) and (
                _ENDS_WITH_SPEAKER.search(s_text)
            ):  # "— … . … , — заявил X.": the dash-led paragraph is X's words
                _claim_back(result, sentence.paragraph, speaker.key, text)
            if s_text.rstrip().endswith(":"):  # "…, сообщил X:" and dash-led paragraphs
                card_speaker = dash_speaker = speaker
        if introduced and _introduces_dashes(text, sentence, lines):
            # "Chairman of …, X, shared some of the forecasts." before dash-led lines
            experts = [person for person in introduced if not person.politician]
            if experts:
                card_speaker = dash_speaker = experts[-1]
        start, end = _trim(text, start, end)
        key = speaker.key if speaker is not None else None
        reported = _reports(text, start, end)
        result.append(Attributed(sentence, key, start, end, reported, evidence))
    return result


def _introduces_dashes(text: str, sentence: Sentence, lines: list[tuple[int, int]]) -> bool:
    """Whether the sentence ends its paragraph and the next paragraph opens with a dash."""
    number = sentence.paragraph
    if text[sentence.end : lines[number][1]].strip() or number + 1 >= len(lines):
        return False
    following = text[lines[number + 1][0] : lines[number + 1][1]]
    return is_dialogue(following) and not is_question(following)


# A sentence that only says who said what came before it: "Об этом изданию X сообщил Y",
# "Такое мнение высказал Y", "This was stated by Y", "Such is the view of Y".
_BACK_REFERENCE = re.compile(
    r"[\s—–-]*(?i:об\s+этом|такое\s+мнение|такой\s+прогноз|такую\s+точку\s+зрения|this\s+was"
    r"|such\s+is|such\s+an?\s+(?:opinion|view|forecast|assessment))(?![\w-])"
)


# A question, or a Russian sentence asking with "ли" (not "вряд ли", "едва ли").
_ASKS = re.compile(r"\?|(?<![\w-])(?<!вряд\s)(?<!едва\s)(?i:ли)(?![\w-])")
# "…, — заявил X." closing a sentence: a speaker named after a dash, at its end.
_ENDS_WITH_SPEAKER = re.compile(rf"[,.!?…]\s*[—–-]\s*(?i:{p.SPEECH})\s+[^—–\n]{{1,200}}$")


def _claim_back(result: list[Attributed], paragraph: int, key: str, text: str) -> None:
    """Give the paragraph's earlier sentences that no one speaks to the speaker named after them;
    none when one of them asks ("Ожидаются ли перемены? Об этом рассказал X": the topic)."""
    earlier = [n for n, item in enumerate(result) if item.sentence.paragraph == paragraph]
    if any(_ASKS.search(text, result[n].sentence.start, result[n].sentence.end) for n in earlier):
        return
    for n in range(len(result) - 1, -1, -1):
        item = result[n]
        if item.sentence.paragraph != paragraph:
            return
        if item.speaker is None and item.evidence == "carried" and not item.sentence.quoted:
            result[n] = replace(item, speaker=key, evidence="verb")


# A paragraph that is only a name and who they are, set off by a dash or comma: a name card
# ("Алексей Чадаев — политолог"); the dash-led paragraphs after it are that expert's words.
_CARD = re.compile(
    rf"(?P<name>{p.FULL_NAME})\s*[—–,-]\s*(?P<role>[^.!?\n]{{0,140}}?(?i:{p.ROLES})[^.!?\n]{{0,140}})"
)
# A transcript's speaker label at the start of a paragraph: a full name and a colon.
_LABEL = re.compile(rf"(?P<name>{p.FULL_NAME})\s*:\s+")


def _label(
    text: str, sentence: Sentence, lines: list[tuple[int, int]], persons: list[tuple[int, int]]
) -> re.Match[str] | None:
    """The speaker label opening the sentence's paragraph, when the parse says it is a person
    (not the outlet that asks: "Настоящее Время: …?")."""
    if sentence.start != lines[sentence.paragraph][0]:
        return None
    found = _LABEL.match(text, sentence.start)
    if found is None or is_question(text[sentence.start : lines[sentence.paragraph][1]]):
        return None
    if text[found.end() : found.end() + 1].islower():  # "Имя Фамилия: кто он": a caption
        return None
    start, end = found.span("name")
    return found if any(s < end and start < e for s, e in persons) else None


def _authors(
    author: Person | None, sentence: Sentence, s_text: str, after: int
) -> tuple[Person, Evidence] | None:
    """The author, when the unmarked sentence is their own: after the byline, not quoted speech
    and not a question."""
    if author is None or sentence.start < after or is_question(s_text):
        return None
    return None if sentence.quoted or sentence.quote_id is not None else (author, "byline")


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


# words: "The role of Turkey, X noted, is …" cuts a subject this short; after a longer
# clause ("Trade … is less than a tenth of it, he noted, and …") the verb closes a claim.
MID_SUBJECT = 8


def _speaker(
    reader: Reader,
    sentence: Sentence,
    s_text: str,
    paragraph_speaker: Person | None,
    *,
    speaks: bool,
) -> tuple[Person | None, int, int, Evidence]:
    """The speaker, the span of their words, and what in the sentence names them (`carried`:
    nothing, the paragraph's speaker goes on)."""
    start, end = sentence.start, sentence.end
    if sentence.quote_id is not None:
        q_start, q_end = reader.quotes[sentence.quote_id]
        quoted_by = reader.quote_speaker(sentence.quote_id)
        return quoted_by, max(start, q_start), min(end, q_end), "quote"
    found = p.ACCORDING_TO.search(s_text)
    if found:
        genitive = bool(GENITIVE_LEAD.search(found.group(0)))
        if found.group("opinion_en") or found.group("opinion_ru"):
            plural = (found.group("opinion_en") or found.group("opinion_ru")).lower()
            if plural in {"their", "их"}:
                return reader.registry.last(kind="group"), start + found.end(), end, "according"
            return reader.by_pronoun(plural), start + found.end(), end, "according"
        return reader.resolve(found, genitive=genitive), start + found.end(), end, "according"
    found = p.MID_ACCORDING.search(s_text)
    if found:
        genitive = bool(GENITIVE_LEAD.search(found.group("lead")))
        who = reader.resolve(found, genitive=genitive)
        if who is not None:
            return who, start, end, "according"
    found = p.MID_SPEECH.search(s_text) if speaks else None
    if found and len(s_text[: found.start()].split()) <= MID_SUBJECT:
        who = reader.resolve(found, "2" if found.group("verb_first") else "1")
        if who is not None:
            return who, start, end, "verb"
    if not speaks:  # no speech verb: only the paragraph's speaker can go on
        return paragraph_speaker, start, end, "carried"
    # "…, another Kazakh expert, X, told Y.": the name, not "expert"
    described = p.DESCRIBED_AT_END.search(s_text, max(0, len(s_text) - TRAILING_WINDOW))
    named = reader.described(described, start) if described else None
    if described is not None and named is not None:
        return named, start, start + described.start(), "verb"
    cue = subject_verb(s_text)
    if cue:
        who = reader.resolve(cue.who)
        if who is not None:
            rest = s_text[cue.end :].strip(' ."»”')
            if len(rest.split()) >= 3 and not _ADDRESSEE.fullmatch(rest):
                hedged = _HEDGE_VERBS.fullmatch(cue.verb)
                return who, start + (cue.verb_start if hedged else cue.end), end, "verb"
            return who, start, start + _before_roles(s_text, cue.start), "verb"
    for verb in p.SPEECH_WORD.finditer(s_text[-WINDOW:]):
        offset = max(0, len(s_text) - WINDOW)
        found = p.VERB_SUBJECT_AT.match(s_text, offset + verb.start())
        if found:
            who = reader.resolve(found)
            if who is not None:
                return who, start, start + found.start(), "verb"
    trailing = _long_trailing(reader, s_text, start)
    if trailing is not None:
        return trailing[0], start, start + trailing[1], "verb"
    return paragraph_speaker, start, end, "carried"


TRAILING_WINDOW = 320  # characters: a speech verb, a long description and a name end the sentence


def _long_trailing(reader: Reader, s_text: str, offset: int) -> tuple[Person, int] | None:
    """The speaker a sentence ends with after a long description, and where their words end."""
    tail = max(0, len(s_text) - TRAILING_WINDOW)
    for found in p.LONG_TRAILING.finditer(s_text, tail):
        if s_text[found.end() :].strip(' .!:"»”'):
            continue
        who = reader.trailing(found, offset)
        return (who, found.start()) if who is not None else None
    return None


# "… X told Trend on Sept. 24.", "… told reporters in Astana": whom the words were told,
# and when or where, after the verb; the claim is before it.
_ADDRESSEE = re.compile(
    r"(?:(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}|reporters|journalists"
    r"|(?:the|this|our)\s+(?:agency|newspaper|outlet|portal|publication|website|correspondent))"
    r"(?:,?\s+(?:on|in|at|during|last|this)\s+[\w.,’' -]{1,30})?"
    # "…, touching upon the summit of …": what the speaker was talking about
    r"(?:,\s+(?:touching\s+(?:up)?on|commenting\s+on|speaking\s+(?:about|of|on)|referring\s+to"
    r"|when\s+asked\s+about)\s+[^.!?]{1,160})?"
)
# ", political analyst, director of the X Group" between a claim and "Name told …": the
# speaker's description, which ends the claim.
_TRAILING_ROLES = re.compile(
    rf"(?:,\s+[^,]{{0,80}}?(?<![\w-])(?i:{p.ROLES})(?![\w-])[^,]{{0,80}}?)+,?\s*$"
)


def _before_roles(s_text: str, end: int) -> int:
    """Where the claim before a trailing "…, <roles> Name said" ends."""
    found = _TRAILING_ROLES.search(s_text, 0, end)
    return found.start() if found else end


def _narrates(reader: Reader, s_text: str) -> Person | None:
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    return start, end

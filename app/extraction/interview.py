"""Interviews: which paragraphs are the journalist's questions, which are the answers, and who
answers.

An answer is what follows a question up to the next one. After the last question only the
paragraph right after it answers (or, in dialogue style, the paragraphs that open with a dash):
the interview ends where the question-and-answer formatting stops, and the journalist's closing
lines are no one's claims.
"""

import re

from app.extraction import cues
from app.extraction import patterns as p
from app.extraction.experts import Person, Registry, nominative
from app.extraction.segment import paragraphs as p_lines

_DASH = "—–-"
MINIMUM_QUESTIONS = 2
_NAMES = re.compile(p.NAME)


def is_question(text: str) -> bool:
    return text.rstrip(' "»”').endswith("?") or bool(p.QUESTION_PREFIX.match(text))


def is_dialogue(line: str) -> bool:
    """Whether a paragraph opens with a dash, as dialogue and soundbites do."""
    return line.lstrip()[:1] in _DASH


def questions_and_answers(text: str, lines: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """The numbers of the question paragraphs and of the answer paragraphs (none: no interview)."""
    questions = {n for n, (start, end) in enumerate(lines) if is_question(text[start:end])}
    if len(questions) < MINIMUM_QUESTIONS and not _announced(text, lines, questions):
        return set(), set()
    last = max(questions)
    answers: set[int] = set()
    # An English answer goes on in paragraphs without a dash ("- The corridor grows for three
    # reasons. …" then "The second reason is …"); Russian dialogue marks every line of speech.
    runs_on = not cues.CYRILLIC.search(text)
    for number in sorted(questions):
        # Dialogue style: a dash-led question answered by dash-led paragraphs (a dash-led
        # question answered by plain paragraphs is answered as in a transcript).
        dialogue = is_dialogue(text[lines[number][0] : lines[number][1]]) and (
            number + 1 < len(lines) and is_dialogue(text[lines[number + 1][0] :])
        )
        following = number + 1
        while following < len(lines) and following not in questions:
            line = text[lines[following][0] : lines[following][1]]
            if (
                dialogue
                and not is_dialogue(line)
                and not (runs_on and following > number + 1)
                and not _GOES_ON.match(line)
            ):
                break
            if not dialogue and number == last and following > number + 1:
                break
            answers.add(following)
            following += 1
    return questions, answers


# "AZERTAC presents an interview with X": an interview, even when an excerpt holds one question.
_INTERVIEW = re.compile(r"(?<![\w-])(?i:interview|интервью)")


# A plain paragraph that goes on with the dash-led answer before it: the next point of a list,
# or the interviewee's own "I think".
_GOES_ON = re.compile(
    r"(?i:во-вторых|в-третьих|в-четвертых|кроме\s+того|помимо\s+этого|думаю|полагаю"
    r"|(?:я\s+)?считаю|на\s+мой\s+взгляд|мне\s+кажется|по\s+моему\s+мнению|secondly|thirdly"
    r"|i\s+think|i\s+believe|in\s+my\s+(?:view|opinion))(?![\w-])"
)


def _announced(text: str, lines: list[tuple[int, int]], questions: set[int]) -> bool:
    """Whether the one question is a dash-led line after the text says it is an interview, or
    a dash-led line between a plain introduction and an answer: "… наш разговор с политологом
    X.\n— …?\n— …"."""
    if len(questions) != 1:
        return False
    (number,) = questions
    start = lines[number][0]
    if not is_dialogue(text[start:]):
        return False
    if _INTERVIEW.search(text, 0, start):
        return True
    return (
        0 < number < len(lines) - 1
        and not is_dialogue(text[lines[number - 1][0] :])
        and not is_question(text[lines[number + 1][0] : lines[number + 1][1]])
    )


_TITLE = re.compile(
    rf"(?<![\w-])(?i:{p.alternation(cues.POLITICIANS_EN + cues.POLITICIANS_RU)})(?![\w-])"
)


def interviewee(
    text: str, before: int, registry: Registry, persons: list[tuple[int, int]] | None = None
) -> Person | None:
    """Who is interviewed: the last person the paragraph before the first question names, in
    whatever case ("задал Асель Байжановой два вопроса"), else the last person mentioned, else
    the last full name there the parse reads as a person ("My interview with an American
    analyst, writer and columnist with expertise on Russia Mr Paul Goble") in the two paragraphs
    before, the headline included."""
    starts = [start for start, _ in p_lines(text) if start < before]
    line_start = starts[-1] if starts else 0
    found: Person | None = None
    for name in _NAMES.finditer(text, line_start, before):
        words = name.group(0)
        if _TITLE.search(words):  # "Foreign Minister of Serbia": an office, not a name
            continue
        person = registry.known(nominative(words)) or registry.known(nominative(words.split()[-1]))
        if person is not None and not person.politician:
            found = person
    earlier = starts[-2] if len(starts) >= 2 else 0
    return found or registry.last() or _named(text, earlier, before, registry, persons or [])


def _named(
    text: str, start: int, end: int, registry: Registry, persons: list[tuple[int, int]]
) -> Person | None:
    """The last person named by full name in text[start:end], not as a speaker's label."""
    for p_start, p_end in reversed(persons):
        name = text[p_start:p_end].strip()
        if start <= p_start and p_end <= end and " " in name and text[p_end : p_end + 1] != ":":
            person = registry.person(nominative(name), "interviewee")
            if person is not None and not person.politician:
                return person
    return None

"""A claim's statement: its clause in the speaker's own words, without who said it.

The quote is the span the claim stands on; the statement is that clause stripped of the
attribution ("X said that", "according to X", ", he said,", "— отметил эксперт"), of fillers
("I think", "In my opinion", "Я думаю") and of the hedge words when the hedge is graded on its own
("probably", "I am certain that", "скорее всего"), capitalised and with its full stop. Nothing is
paraphrased: words are only dropped, except that "is likely to" becomes "will" once its "likely"
is graded.

When the hedge leans against its own words ("unlikely", "I doubt", "вряд ли"), the statement is
what the speaker leans to: the clause with its negation toggled ("not" / "не" put in at the verb
or taken out), and the draft is `negated`, so the band flips onto it (`app.confidence`). Where
the verb to negate cannot be found, the hedge stays in the statement and nothing is negated.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from app.extraction import claim_cues as cc
from app.extraction.experts import morph
from app.extraction.nlp import Parse
from app.extraction.patterns import ACCORDING_TO, SPEECH, VERB_SUBJECT, WHO, alternation, who

# Bands that lean against the words they grade: the statement is the opposite of those words.
NEGATIVE_BANDS = frozenset({"probably-not", "unlikely", "very-unlikely", "almost-certainly-not"})
# Hedges whose own verb is negated: cut, their negation moves onto the clause.
DENYING_HEDGES = frozenset({"does not think"})
_SPEECH_LEMMAS = frozenset(
    {"say", "believe", "think", "note", "state", "argue", "add", "explain", "tell", "predict",
     "expect", "warn", "conclude", "emphasise", "emphasize", "stress", "suggest", "agree",
     "claim", "insist", "doubt", "considers", "consider", "remark", "point",
     "сказать", "считать", "полагать", "отметить", "заявить", "подчеркнуть", "пояснить",
     "добавить", "говорить", "думать", "отмечать", "заявлять", "подчёркивать", "подчеркивать",
     "указать", "прогнозировать", "ожидать", "предполагать", "признать", "констатировать",
     "сомневаться", "уверить"}
)  # fmt: skip
_W = r"(?<![\w-])"
_E = r"(?![\w-])"
_THAT = r"(?:\s*,?\s*(?i:that|что|чтобы)(?![\w-]))?\s*,?\s*"
# Fillers before the clause: no content of their own, never the hedge the table grades.
_FILLER = re.compile(
    r"\s*(?i:I\s+think|I\s+believe|I\s+would\s+say|I'd\s+say|in\s+my\s+(?:opinion|view)"
    r"|to\s+my\s+mind|my\s+guess\s+is|it\s+seems\s+to\s+me|personally|of\s+course|moreover"
    r"|simply\s+put|in\s+other\s+words|in\s+fact|indeed|it\s+should\s+be\s+noted"
    r"|it\s+is\s+necessary\s+to\s+emphasi[sz]e|we\s+must\s+take\s+into\s+account"
    r"|let's\s+not\s+forget|я\s+думаю|думаю|я\s+считаю|считаю|я\s+полагаю|полагаю"
    r"|на\s+мой\s+взгляд|по-моему|по\s+моему\s+мнению|мне\s+кажется|мне\s+представляется"
    r"|я\s+бы\s+сказал|кстати|впрочем|при\s+этом|это\s+значит"
    r"|but|and|however|yet|so|also|thus|finally|besides|in\s+addition|therefore|но|а|и|однако"
    r"|поэтому|зато|также|кроме\s+того|таким\s+образом|in\s+this\s+regard|in\s+any\s+case"
    r"|as\s+a\s+matter\s+of\s+fact|at\s+the\s+same\s+time|на\s+самом\s+деле"
    r"|в\s+любом\s+случае|в\s+этой\s+связи|в\s+связи\s+с\s+этим|в\s+то\s+же\s+время)"
    rf"{_E}{_THAT}"
)
# The speaker and speech verb opening the clause: "he said that", "эксперт считает, что".
_SUBJECT_VERB = re.compile(
    rf"\s*(?:{WHO})\s+(?:(?i:also|has|have|had|further|firmly|также|тоже)\s+)?(?i:{SPEECH})"
    rf"{_E}{_THAT}"
)
# ", he said," / ", по его словам," / ", считает эксперт," inside the clause.
_PARENTHESIS = re.compile(
    rf",\s*(?:(?:{who('p1')})\s+(?i:{SPEECH})|(?i:{SPEECH})\s+(?:{who('p2')})"
    r"|(?i:по\s+(?:его|ее|её|их)\s+(?:словам|мнению)|in\s+(?:his|her|their)\s+(?:view|opinion)"
    r"|I\s+think|I\s+believe|(?:как\s+)?мне\s+кажется|я\s+думаю|думаю|по-моему"
    r"|на\s+мой\s+взгляд|of\s+course))"
    r"\s*,\s*"
)
_LEADING_PUNCT = re.compile(r"^[\s,;:—–\-\"«“„»”]+")
_TRAILING_PUNCT = re.compile(r"[\s,;:—–\-\"«“„»”]+$")
# Hedges that are words of their own, dropped wherever they stand once they are graded.
_ADVERB_HEDGES = (
    "almost certainly not", "almost certainly", "most likely", "very likely", "highly likely",
    "quite likely", "very probably", "probably not", "probably", "certainly", "definitely",
    "surely", "undoubtedly", "without doubt", "no doubt", "perhaps", "possibly", "maybe",
    "inevitably", "likely", "скорее всего", "вероятнее всего", "весьма вероятно",
    "вполне вероятно", "вероятно", "по всей видимости", "практически наверняка", "наверняка",
    "безусловно", "несомненно", "без сомнения", "очевидно", "конечно", "возможно", "вряд ли",
    "едва ли",
)  # fmt: skip
_ADVERB = re.compile(rf",?\s*{_W}(?i:{alternation(_ADVERB_HEDGES)}){_E}\s*,?")
# Hedges that open the clause and grade what follows "that" / "что" / a comma.
_OPENING_HEDGES = (
    "i am certain", "i'm certain", "i am sure", "i'm sure", "i am convinced", "i'm convinced",
    "i am confident", "i'm confident", "i expect", "i doubt", "doubts", "doubt", "i predict",
    "there is no doubt", "i do not think", "i don't think", "does not think", "doesn't think",
    "do not think", "don't think", "does not believe", "doesn't believe", "i do not believe",
    "i don't believe", "i don't expect", "i do not expect", "не думаю", "я не думаю",
    "не считаю", "я не считаю", "не ожидаю", "я не ожидаю", "не верю", "я не верю",
    "it is likely", "it is very likely", "it is unlikely", "it is highly unlikely",
    "it is very unlikely", "it is possible", "it is inevitable", "it is almost certain",
    "it is certain", "i am almost certain", "уверен", "уверена", "уверены", "я уверен",
    "я уверена", "убежден", "убеждён", "убеждена", "я убежден", "я убеждён", "я убеждена",
    "не сомневаюсь", "я не сомневаюсь", "сомневаюсь", "я сомневаюсь", "ожидаю", "я ожидаю",
    "прогнозирую", "я прогнозирую", "маловероятно", "крайне маловероятно", "исключено",
    "вероятно", "возможно", "не исключено", "неизбежно",
)  # fmt: skip
_OPENING = re.compile(
    rf"\s*(?i:{alternation(_OPENING_HEDGES)}){_E}"
    r"(?:\s*,\s*(?i:что)(?![\w-])|\s*,|\s+(?i:that|что)(?![\w-]))?\s*"
)
# "it is quite possible that …" anywhere in the clause.
_IT_IS = re.compile(
    rf"{_W}(?i:it\s+is\s+(?:quite\s+|very\s+|highly\s+|entirely\s+|almost\s+)?"
    r"(?:possible|likely|unlikely|probable|certain|inevitable|clear))\s+(?i:that)(?![\w-])\s*"
)
_LIKELY_TO = re.compile(rf"{_W}(?i:is|are)\s+(?:(?i:very|highly|quite)\s+)?(?i:un)?likely\s+to{_E}")
# English auxiliaries a "not" goes after; the Russian verb gets "не" before it.
_AUXILIARIES = frozenset(
    {"will", "would", "can", "could", "should", "may", "might", "must", "is", "are", "was",
     "were", "has", "have", "had", "shall"}
)  # fmt: skip
_EN_NEGATION = re.compile(
    r"(?i)\s+not(?![\w-])|n't(?![\w-])|(?<![\w-])(?:cannot)(?![\w-])|(?<![\w-])never(?![\w-])"
)
_WORD = re.compile(r"[\w'’-]+")
_RU_FUTURE = frozenset({"будет", "будут", "станет", "станут", "буду", "будем"})
_SPACES = re.compile(r"\s+")
MIN_WORDS = 2  # a statement shorter than this keeps what was stripped


@dataclass(slots=True)
class _Edit:
    """The clause text[start:end] with ranges cut out and words put in, rendered on demand."""

    text: str
    start: int
    end: int
    cuts: list[tuple[int, int]] = field(default_factory=list)
    inserts: dict[int, str] = field(default_factory=dict)

    def cut(self, start: int, end: int) -> None:
        self.cuts.append((start, end))

    def cut_at(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.cuts)

    def first(self) -> int:
        """Where the clause now starts (after the cuts at its beginning)."""
        position = self.start
        moved = True
        while moved:
            moved = False
            for s, e in self.cuts:
                if s <= position < e:
                    position, moved = e, True
        while position < self.end and self.text[position].isspace():
            position += 1
        return position

    def render(self) -> str:
        """The words left, with what was put in before the offset it was put at."""
        kept = [True] * (self.end - self.start)
        for s, e in self.cuts:
            for n in range(max(s, self.start), min(e, self.end)):
                kept[n - self.start] = False
        out: list[str] = []
        position = self.start
        for offset in sorted(k for k in self.inserts if self.start <= k <= self.end):
            out.append(self._kept(kept, position, offset))
            out.append(self.inserts[offset])
            position = offset
        out.append(self._kept(kept, position, self.end))
        return "".join(out)

    def _kept(self, kept: list[bool], start: int, end: int) -> str:
        return "".join(self.text[n] for n in range(start, end) if kept[n - self.start])


def _finish(words: str) -> str:
    """Capitalised, one space between words, no stray punctuation, one full stop at the end."""
    words = _SPACES.sub(" ", words)
    words = re.sub(r"\s+([,.;:!?])", r"\1", words)
    words = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", words)
    words = _TRAILING_PUNCT.sub("", _LEADING_PUNCT.sub("", words))
    if not words:
        return words
    words = words[0].upper() + words[1:]
    return words if words[-1] in ".!?…" else words + "."


def _strip_attribution(edit: _Edit, parse: Parse | None, hedge: str | None) -> None:
    """Cut who speaks and the fillers, but never a graded hedge ("I doubt that …")."""
    text, end = edit.text, edit.end
    for _ in range(3):  # "According to X, I think that …": each opening in turn
        begin = edit.first()
        found = (
            ACCORDING_TO.match(text, begin, end)
            or _FILLER.match(text, begin, end)
            or _SUBJECT_VERB.match(text, begin, end)
        )
        cut_to = found.end() if found is not None and found.end() > begin else None
        if cut_to is None and parse is not None:
            cut_to = _complement(parse, begin, end)
        if cut_to is None or (hedge and hedge.lower() in text[begin:cut_to].lower()):
            break
        edit.cut(begin, cut_to)
    for found in _PARENTHESIS.finditer(text, edit.first(), end):
        edit.cut(found.start(), found.end())
        edit.inserts[found.start()] = " "
    trailing = VERB_SUBJECT.search(text, edit.first(), end)
    if trailing is not None and trailing.end() >= end:
        edit.cut(trailing.start(), end)


def _complement(parse: Parse, begin: int, end: int) -> int | None:
    """Where the complement clause starts when the clause opens with a speech verb and its
    subject ("Kazakh experts say the economy …"): the first word of the verb's `ccomp`."""
    first = bisect_left(parse.tokens, begin, key=lambda token: token.start)
    window = range(first, min(first + 6, len(parse.tokens)))
    for n in window:
        token = parse.tokens[n]
        if token.end > end or token.lemma not in _SPEECH_LEMMAS or token.pos not in ("VERB",):
            continue
        subject = any(
            parse.tokens[m].head == n and parse.tokens[m].dep.startswith("nsubj")
            for m in range(first, n)
        )
        for m in range(n + 1, min(n + 40, len(parse.tokens))):
            child = parse.tokens[m]
            if child.head == n and child.dep == "ccomp" and subject:
                return _leftmost(parse, m, n + 1)
    return None


def _leftmost(parse: Parse, head: int, floor: int) -> int:
    """The start of the first word after `floor` in the subtree of `head`, past "that"/"что"."""
    first = head
    for m in range(floor, head):
        h, hops = m, 0
        while h != head and parse.tokens[h].head != h and hops < 20:
            h, hops = parse.tokens[h].head, hops + 1
        if h == head:
            first = m
            break
    while first < head and parse.tokens[first].dep in ("mark", "punct"):
        first += 1
    return parse.tokens[first].start


def _strip_hedge(edit: _Edit, hedge: str) -> bool:
    """Drop the graded hedge's words; whether anything was dropped."""
    text, begin, end = edit.text, edit.first(), edit.end
    opening = _OPENING.match(text, begin, end)
    if opening is not None and hedge.lower() in text[begin : opening.end()].lower():
        edit.cut(begin, opening.end())
        return True
    it_is = _IT_IS.search(text, begin, end)
    if it_is is not None and hedge.lower().split()[-1] in it_is.group().lower():
        edit.cut(it_is.start(), it_is.end())
        return True
    likely = _LIKELY_TO.search(text, begin, end)
    if likely is not None and "likely" in hedge.lower():
        edit.cut(likely.start(), likely.end())
        edit.inserts[likely.start()] = "will"
        return True
    for found in _ADVERB.finditer(text, begin, end):
        if hedge.lower() in found.group().lower() or found.group().strip(" ,").lower() in (
            hedge.lower()
        ):
            edit.cut(found.start(), found.end())
            edit.inserts[found.start()] = " "
            return True
    return False


def _toggle_negation(edit: _Edit, language: str) -> bool:
    """Put "not"/"не" in at the verb, or take it out when the words are already negative."""
    text, begin, end = edit.text, edit.first(), edit.end
    if language == "ru":
        return _toggle_russian(edit)
    for found in _EN_NEGATION.finditer(text, begin, end):
        if edit.cut_at(found.start() + 1):
            continue
        word = found.group().strip().lower()
        if word == "cannot":
            edit.cut(found.start() + 3, found.end())
        elif word == "never":
            edit.cut(found.start(), found.end())
            edit.inserts[found.start()] = "ever"
        elif word == "n't" and text[found.start() - 2 : found.start()].lower() == "wo":
            edit.cut(found.start() - 2, found.end())
            edit.inserts[found.start() - 2] = "will"  # won't → will
        elif word == "n't" and text[found.start() - 2 : found.start()].lower() == "ca":
            edit.cut(found.start() + 1, found.end())  # can't → can
        else:
            edit.cut(found.start(), found.end())
        return True
    if edit.inserts.get(_likely_start(edit)) == "will":
        edit.inserts[_likely_start(edit)] = "will not"
        return True
    for found in _WORD.finditer(text, begin, end):
        if found.group().lower() in _AUXILIARIES and not edit.cut_at(found.start()):
            edit.inserts[found.end()] = " not"
            return True
    return False


def _likely_start(edit: _Edit) -> int:
    return next((k for k, v in edit.inserts.items() if v == "will"), -1)


def _toggle_russian(edit: _Edit) -> bool:
    text, begin, end = edit.text, edit.first(), edit.end
    for found in _WORD.finditer(text, begin, end):
        if edit.cut_at(found.start()):
            continue
        word = found.group().lower()
        if word in ("не", "ни"):
            edit.cut(found.start(), found.end())
            return True
        if word == "нет":
            edit.cut(found.start(), found.end())
            edit.inserts[found.start()] = "есть"
            return True
    words = [found for found in _WORD.finditer(text, begin, end) if not edit.cut_at(found.start())]
    for wanted in ("future", "VERB", "INFN"):  # "вряд ли будут переносить": не at "будут"
        for found in words:
            word = found.group().lower()
            if (
                (word in _RU_FUTURE)
                if wanted == "future"
                else wanted == morph().parse(word)[0].tag.POS
            ):
                edit.inserts[found.start()] = "не "
                return True
    return False


def statement_of(
    text: str,
    start: int,
    end: int,
    *,
    hedge: str | None = None,
    band: str | None = None,
    parse: Parse | None = None,
    language: str = "en",
) -> tuple[str, bool]:
    """The statement of the claim text[start:end] and whether it is negated (the opposite of
    what its hedge grades)."""
    edit = _Edit(text, start, end)
    graded = hedge is not None and cc.HEDGE_ALIASES.get(hedge.lower(), hedge.lower()) not in (
        cc.WEAK_HEDGES
    )
    _strip_attribution(edit, parse, hedge if graded else None)
    plain = _finish(edit.render())
    if len(plain.split()) < MIN_WORDS:
        return _finish(text[start:end]), False
    if hedge is None or not graded:
        return plain, False
    cuts, inserts = list(edit.cuts), dict(edit.inserts)
    if not _strip_hedge(edit, hedge):
        return plain, False
    negated = band in NEGATIVE_BANDS
    # "does not think there can be …" grades the negative clause: the statement is that
    # clause, with the negation the cut verb carried, and it is not `negated`.
    denied = cc.HEDGE_ALIASES.get(hedge.lower(), hedge.lower()) in DENYING_HEDGES
    if (negated or denied) and not _toggle_negation(edit, language):
        return plain, False
    stripped = _finish(edit.render())
    if len(stripped.split()) < MIN_WORDS:
        edit.cuts, edit.inserts = cuts, inserts
        return plain, False
    return stripped, negated


def without_attribution(text: str, start: int, end: int, parse: Parse | None = None) -> str:
    """The clause text[start:end] with who speaks and the fillers cut, hedges kept."""
    edit = _Edit(text, start, end)
    _strip_attribution(edit, parse, None)
    return _finish(edit.render())

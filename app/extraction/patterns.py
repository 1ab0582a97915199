"""The regular expressions that find speakers, compiled once from the cue lists."""

import re
from collections.abc import Iterable

from app.extraction import cues

Trie = dict[str, "Trie"]


def alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases, the longest where several fit, spaces matching any
    whitespace. Built as a trie, so the engine branches on each letter instead of trying every
    phrase in turn: this is what keeps the cue lists fast."""
    trie: Trie = {}
    for phrase in set(phrases):
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(trie)


def _pattern(node: Trie) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


# Latin letters with the diacritics of Turkic, Slavic and Baltic names (Ş, ğ, ı, ć, č, ž).
_LATIN = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-žçşğı'’]+(?:-[A-Z]?[a-zß-öø-ÿā-žçşğı'’]+)?"
_CYR = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:-[А-ЯЁ]?[а-яёәғқңөұүһі]+)?"
NAME_WORD = rf"(?:{_LATIN}|{_CYR})"
# A name is one to three capitalised words in one script.
NAME = rf"(?:{_LATIN}(?:\s+{_LATIN}){{0,2}}|{_CYR}(?:\s+{_CYR}){{0,2}})(?![\w-])"
FULL_NAME = rf"(?:{_LATIN}(?:\s+{_LATIN}){{1,2}}|{_CYR}(?:\s+{_CYR}){{1,2}})(?![\w-])"
_STOP = (
    r"(?!(?i:according|to|for|his|her|their|its|part|the|a|an|by|of|and|but|that|with|in|on"
    r"|said|says|told|as|is|was|по|словам|мнению|и|а|но|как|что|в|на|с|его|ее|её|их)\b)"
)
ROLES = alternation(cues.ROLES_EN + cues.ROLES_RU)
ROLE = rf"(?<![\w-])(?:{_STOP}[\w-]+\s+){{0,2}}?(?i:{ROLES})(?:[а-яё]{{1,3}})?"
SPEECH = alternation(cues.SPEECH_EN + cues.SPEECH_RU)
GROUP = (
    rf"(?i:(?:{alternation(cues.GROUP_QUANTIFIERS_EN)})\s+(?:[a-z-]+\s+)?"
    rf"(?:{alternation(cues.GROUP_NOUNS_EN)})"
    rf"|(?:{alternation(cues.GROUP_QUANTIFIERS_RU)})\s+(?:[а-яё-]+\s+)?"
    rf"(?:{alternation(cues.GROUP_NOUNS_RU)})"
    rf"|(?<![\w-])(?:{alternation(cues.GROUP_NOUNS_EN + cues.GROUP_NOUNS_RU)}))"
    # "Kazakh analysts", "Western experts": a nationality or region before the noun
    rf"|(?<![\w-])[A-Z][a-z]+\s+(?i:{alternation(cues.GROUP_NOUNS_EN)})(?![\w-])"
)
ROLE_NOUN = (
    rf"(?i:(?:the|this|our|that|этот|наш)\s+(?:[A-ZА-ЯЁ][\w-]+\s+)?)?(?i:{ROLES})(?:[а-яё]{{1,3}})?"
)
PRONOUN = rf"(?i:{alternation(cues.PRONOUNS_EN + cues.PRONOUNS_RU)})"
GROUP_PRONOUN = rf"(?i:{alternation(cues.GROUP_PRONOUNS_EN + cues.GROUP_PRONOUNS_RU)})"
_PLAIN = r"(?:[^,;:\"«»“”]|«[^«»\n]{1,60}»)"  # a quoted name («Энергия Степи») may stand inside
APPOSITIVE = rf",\s+{_PLAIN}{{2,100}}?,"
ROLE_APPOSITIVE = rf",\s+(?:(?i:a|an|the)\s+)?{_PLAIN}{{0,60}}?(?i:{ROLES}){_PLAIN}{{0,100}}?,"
# "X of the Almaty-based Public Opinion Lab thinks": where someone works, before the verb.
AFFILIATION = r"\s+(?i:of|from|at)\s+[^,;:\"«»“”.]{2,60}?(?=\s+[a-zа-яё])"
PARENTHESIS = rf"(?:,\s+{_PLAIN}{{2,100}}?,)"


# "I. Petrov", "A. Ivan Petrov": initials before a name, not part of its key.
INITIALS = r"(?:[A-Z]\.\s?){0,2}"


def who(tag: str = "") -> str:
    """Someone who speaks: a pronoun, a name (with its role), a group or a role noun."""
    return (
        rf"(?P<pronoun{tag}>(?<![\w-]){PRONOUN}(?![\w-]))"
        rf"|(?P<gpronoun{tag}>(?<![\w-]){GROUP_PRONOUN}(?![\w-]))"
        rf"|(?<![\w'’-])(?:(?P<role{tag}>{ROLE})\s+)?{INITIALS}(?P<name{tag}>{NAME})"
        rf"(?P<appos{tag}>{APPOSITIVE}|{AFFILIATION})?"
        rf"|(?P<group{tag}>{GROUP})|(?P<rolenoun{tag}>{ROLE_NOUN})"
    )


WHO = who()
_LEAD = r"^[\s\"«“„—–-]*(?:(?i:but|and|however|also|so|meanwhile|а|но|однако|впрочем|и),?\s+)?"
ACCORDING = rf"(?i:{alternation(cues.ACCORDING_EN + cues.ACCORDING_RU)})"
OPINION = (
    r"(?i:in\s+(?P<opinion_en>his|her|their)\s+(?:opinion|view|words|estimation|assessment)"
    r"|по\s+(?P<opinion_ru>его|ее|её|их)\s+(?:словам|мнению|оценке|оценкам|прогнозу|данным))"
)
# "According to X, ..." / "In his opinion, ..." / "По словам X, ..." at the start of a sentence.
ACCORDING_TO = re.compile(
    rf"{_LEAD}(?:{ACCORDING}\s+(?:[a-zа-яё-]+\s+){{0,3}}?(?:{WHO})|{OPINION})\s*,\s*"
)
# The same inside a sentence, set off by commas: "За второе место, по мнению эксперта, поборются
# …", "Все это, как отмечает Чеботарев, направлено на …", "The role, according to X, is …".
MID_ACCORDING = re.compile(
    rf",\s*(?P<lead>{ACCORDING})\s+(?:[a-zа-яё-]+\s+){{0,2}}?(?:{WHO})\s*,\s*"
)
# A speaker and their verb set off by commas inside their words: "The role of Turkey, political
# scientist X noted, is …", "Роль Турции, отметил политолог X, растет".
MID_SPEECH = re.compile(
    rf",\s*(?:(?:(?i:as)\s+)?(?:{who('1')})\s+(?i:{SPEECH})|(?P<verb_first>(?i:{SPEECH}))\s+(?:{who('2')}))"
    rf"\s*,\s*"
)
# "X believes that ..." / "X считает, что ..." anywhere in a sentence.
# The speaker right before a speech verb, matched up to the verb (searched with endpos there).
SUBJECT_BEFORE_VERB = re.compile(
    rf"(?:{WHO}){PARENTHESIS}?(?:\s+(?i:in|from|at|of|из|в)\s+[^,;:.\"«»“”]{{2,40}}?)?"
    rf"(?:\s+(?i:go\s+further\s+and))?"
    rf"\s+(?:(?i:also|has|have|had|further|again|then|even|firmly|также|тоже)\s+)?$"
)
# The speech verb itself, with "that"/"что" after it.
VERB_THAT = re.compile(
    rf"(?P<verb>(?i:{SPEECH}))\b(?:\s+(?i:on\s+one\s+point|в\s+том|в\s+одном))?"
    rf"(?:\s+(?i:us|me|him|her|them|journalists|reporters|нам|мне|журналистам))?"
    rf"(?:\s*,?\s*(?i:that|что)\b)?\s*:?\s*"
)
# ", said X." / ", — считает эксперт." closing a sentence.
VERB_SUBJECT = re.compile(
    rf"[,.]?[\"»”]?\s*,?\s*[—–-]?\s*(?P<verb>(?i:{SPEECH}))\s+(?:{WHO})\s*[.!]?[\"»”]?\s*$"
)
# After a quotation closes: '," X said.' / '», — считает эксперт.' / '," said X.'
AFTER_QUOTE = re.compile(
    rf"^[\"»”]?\s*[,.]?\s*[—–-]?\s*(?:(?P<verb_first>(?i:{SPEECH}))\s+(?:{who('1')})"
    rf"|(?:{who('2')})\s+(?:(?i:also|has|had)\s+)?(?i:{SPEECH}))\b"
)
# After a quotation closes, a description set off before the name: '," a co-author of the
# paper, X, told Y.' (taken only where the parse reads the name as a person).
AFTER_QUOTE_DESCRIBED = re.compile(
    rf"^[,.]?[\"»”]?\s*,?\s*(?P<role>(?i:a|an|the|another)\s+[^,\"«»“”.!?\n]{{2,100}}?),\s+"
    rf"(?P<name>{FULL_NAME}),?\s+(?:(?i:also|has|had)\s+)?(?i:{SPEECH})(?![\w-])"
)
# The same closing a sentence whose words are not (mostly) quoted: "…, a co-author of the paper,
# X, told Y."
DESCRIBED_AT_END = re.compile(
    rf"[,\"»”]\s*,?\s*(?P<role>(?i:a|an|the|another)\s+[^,\"«»“”.!?\n]{{2,100}}?),\s+"
    rf"(?P<name>{FULL_NAME}),?\s+(?:(?i:also|has|had)\s+)?(?i:{SPEECH})(?![\w-])"
    rf"[^.!?\"«»“”]{{0,40}}[.!]?\s*$"
)
# Before a quotation opens: 'X said: "' / 'According to X, "' / 'X: «'.
BEFORE_QUOTE = re.compile(
    rf"(?:(?:{who('1')})\s+(?:(?i:also|has|had)\s+)?(?i:{SPEECH})"
    rf"|{ACCORDING}\s+(?:{who('2')})|(?:{who('3')}))"
    rf"\s*[:,]?\s*[—–-]?\s*[\"«“„]?$"
)
# Introductions without speech: "political analyst X", "X, director of Y,".
INTRODUCTION = re.compile(
    rf"(?P<role>{ROLE})(?P<org>(?:\s+(?:[^\s,.;:\"«»“”()]+|«[^«»\n]{{1,60}}»)){{0,5}}?)"
    rf"\s+(?P<name>{FULL_NAME})"
    rf"(?!\s+{NAME_WORD})|(?P<name2>{FULL_NAME})(?P<appos>{ROLE_APPOSITIVE})"
)
# "Chairman of the Council on International Relations, X,": a role and where it
# is held, then the name set off by commas (the groups of INTRODUCTION, `name2` and `appos` unset).
INTRODUCTION_SET_OFF = re.compile(
    rf"(?P<role>{ROLE})(?P<org>\s+(?i:of|at|from)\s+[^,.;:\"«»“”()\n]{{2,90}}?),\s+"
    rf"(?P<name>{FULL_NAME}),(?P<name2>(?!))?(?P<appos>(?!))?"
)
# Cheap first passes: the expensive patterns run only in windows around these words.
SPEECH_WORD = re.compile(rf"(?<![\w-])(?i:{SPEECH})(?![\w-])")
ROLE_WORD = re.compile(rf"(?<![\w-])(?i:{ROLES})(?:[а-яё]{{1,3}})?(?![\w-])")
# The same two over lower-cased text: without IGNORECASE the engine can skip ahead to the
# letters a cue starts with, which makes a pass over a whole article about twice as fast.
SPEECH_WORD_LOWER = re.compile(
    rf"(?<![\w-])(?:{alternation(c.lower() for c in cues.SPEECH_EN + cues.SPEECH_RU)})(?![\w-])"
)
ROLE_WORD_LOWER = re.compile(
    rf"(?<![\w-])(?:{alternation(c.lower() for c in cues.ROLES_EN + cues.ROLES_RU)})"
    rf"(?:[а-яё]{{1,3}})?(?![\w-])"
)


def spans(pattern: re.Pattern[str], lowered: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Where `pattern` (case-insensitive) matches in `text`, found with its lower-case twin
    when lower-casing keeps every offset (it does for all but a few letters, such as İ)."""
    lower = text.lower()
    if len(lower) == len(text):
        return [found.span() for found in lowered.finditer(lower)]
    return [found.span() for found in pattern.finditer(text)]


def starts(pattern: re.Pattern[str], lowered: re.Pattern[str], text: str) -> list[int]:
    return [start for start, _ in spans(pattern, lowered, text)]


# "said X." at the very end of a sentence, matched from the verb on.
# "said X, an expert at Y, in an interview with Trend.": where the words were said may close it.
_CIRCUMSTANCE = (
    r"(?:,?\s+(?i:in\s+an?\s+(?:interview|conversation|comment)\s+(?:with|to|for)"
    r"|speaking\s+(?:to|with)|on\s+the\s+sidelines\s+of)\s+[^.!?\"«»“”]{1,60})?"
)
VERB_SUBJECT_AT = re.compile(
    rf"(?P<verb>(?i:{SPEECH}))\s+(?:{WHO}){_CIRCUMSTANCE}\s*[.!]?[\"»”]?\s*$"
)
# A name in capitals after a given name, as some outlets print surnames ("Михаил НЕЙЖМАКОВ").
CAPS_NAME = r"(?:[А-ЯЁ][а-яё]+\s+[А-ЯЁ]{3,}|[A-Z][a-z]+\s+[A-Z]{3,})(?![\w-])"
# A speech verb, any description of the speaker, and a full name closing the sentence:
# "», — говорит политический технолог и политический деятель Константин Калачев.", "…, said
# political expert of the Institute of Strategic Studies John Smith." Taken only where the
# parse reads the name as a person.
_DESCRIPTION = r"(?P<role>(?:[^.!?\"«»“”\n]|«[^«»\n]{1,60}»){0,200}?)"
LONG_TRAILING = re.compile(
    rf"[,.]?[\"»”]?\s*,?\s*[—–-]?\s*(?P<verb>(?i:{SPEECH}))\s+"
    rf"{_DESCRIPTION}\s*(?<![\w-])(?P<name>{FULL_NAME}|{CAPS_NAME})(?=\s*(?:[.!:]|$))"
)
# The same where the sentence goes on after the name: "Такое мнение высказал востоковед Леонид
# Млечин, комментируя …", "… X в интервью изданию …" (looked for only after such
# a back reference).
BACK_TRAILING = re.compile(
    rf"(?P<verb>(?i:{SPEECH}))\s+{_DESCRIPTION}\s*(?<![\w-])(?P<name>{FULL_NAME}|{CAPS_NAME})"
    rf"(?=\s*(?:[.!:,]|$)|\s+(?i:в|во|на)\s+(?i:интервью|беседе|эфире|разговоре)(?![\w-]))"
)
# A speaker named inside a quotation between two dashes: "…страну, — отметил Леонид Млечин. — Он …".
QUOTE_INTERJECTION = re.compile(rf"[,.!?…]\s*[—–-]\s*(?i:{SPEECH})\s+(?:{WHO})\s*[.,:]\s*[—–-]")
# What may stand between a speaker's words and the quotation that follows them.
QUOTE_LEAD = re.compile(r"\s*[:,]?\s*[—–-]?\s*[\"«“„]?\s*$")
WHO_AT_END = re.compile(rf"(?:{WHO})\s*$")
QUESTION_PREFIX = re.compile(r"^(?:Q|Question|Вопрос|В)\s*[:.]", re.IGNORECASE)
ANSWER_PREFIX = re.compile(r"^(?:A|Answer|Ответ|О)\s*[:.]\s*", re.IGNORECASE)
REPORTED_VERB = re.compile(
    rf"(?<![\w-])(?i:{alternation(cues.REPORTED_EN + cues.REPORTED_RU)})(?![\w-])"
)
# Someone's words reported inside the speaker's: "Tokayev said that", "he has promised";
# in Russian the verb alone ("заявил") is enough, its subject may stand anywhere.
REPORTED = re.compile(
    rf"(?:(?:{NAME}|(?<![\w-])(?i:he|she|they|it|the\s+\w+))(?:\s+(?i:also|has|had|have))*"
    rf"\s+(?i:{alternation(cues.REPORTED_EN)})|(?<![\w-])(?i:{alternation(cues.REPORTED_RU)}))"
    rf"(?![\w-])"
)
# An unmarked sentence about an expert rather than by them: it opens with a name, a role noun or
# a pronoun as its subject; or it mentions "the economist" anywhere.
ABOUT_START = re.compile(
    rf"{_LEAD}(?:(?P<pronoun>(?<![\w-]){PRONOUN}(?![\w-]))|(?P<name>{NAME})"
    rf"|(?P<rolenoun>{ROLE_NOUN})(?![\w-]))"
)
THE_WORD = re.compile(r"(?<![\w-])(?i:the|this)\s")
ROLE_MENTION = re.compile(rf"(?<![\w-])(?i:the|this)\s+(?:[A-Z][\w-]+\s+)?(?i:{ROLES})(?![\w-])")
# A reporting verb inside a comparison reports no one: "faster than the ministry promises".
COMPARISON = re.compile(r"(?<![\w-])(?i:than|чем|как\s+и|whatever)(?![\w-])")

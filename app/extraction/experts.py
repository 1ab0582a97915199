"""The people and groups of one article: found, told apart, and matched across name variants."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pymorphy3

from app.extraction import cues
from app.extraction.names import close_words, expert_key, same_name
from app.extraction.nlp import Entity
from app.extraction.types import ExpertDraft, ExpertKind


@dataclass(slots=True)
class Person:
    """Someone mentioned in the article, while the article is read."""

    key: str
    name: str
    kind: ExpertKind
    role: str | None = None
    politician: bool = False
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def surname(self) -> str:
        return self.key.rsplit("-", 1)[-1]

    def draft(self) -> ExpertDraft:
        aliases = tuple(sorted(alias for alias in self.aliases if alias != self.name))
        return ExpertDraft(self.key, self.name, self.kind, self.role, aliases)


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def _parses(word: str) -> list[Any]:
    parses = morph().parse(word.lower())
    named = [p for p in parses if _NAME_TAGS & p.tag.grammemes and "sing" in p.tag.grammemes]
    return named or parses


Reading = tuple[str, str]  # (case, gender)
_ANY = ("*", "*")
# Surname endings → the readings they allow, each with the nominative ending.
_SURNAME_READINGS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("ского", (("gent", "masc", "ский"), ("accs", "masc", "ский"))),
    ("скому", (("datv", "masc", "ский"),)),
    ("ским", (("ablt", "masc", "ский"),)),
    ("ской", (("gent", "femn", "ская"), ("datv", "femn", "ская"), ("ablt", "femn", "ская"))),
    ("ский", (("nomn", "masc", "ский"),)),
    ("ская", (("nomn", "femn", "ская"),)),
    ("овой", (("gent", "femn", "ова"), ("datv", "femn", "ова"), ("ablt", "femn", "ова"))),
    ("евой", (("gent", "femn", "ева"), ("datv", "femn", "ева"), ("ablt", "femn", "ева"))),
    ("иной", (("gent", "femn", "ина"), ("datv", "femn", "ина"), ("ablt", "femn", "ина"))),
    ("овым", (("ablt", "masc", "ов"),)),
    ("евым", (("ablt", "masc", "ев"),)),
    ("иным", (("ablt", "masc", "ин"),)),
    ("ова", (("nomn", "femn", "ова"), ("gent", "masc", "ов"), ("accs", "masc", "ов"))),
    ("ева", (("nomn", "femn", "ева"), ("gent", "masc", "ев"), ("accs", "masc", "ев"))),
    ("ина", (("nomn", "femn", "ина"), ("gent", "masc", "ин"), ("accs", "masc", "ин"))),
    ("ову", (("datv", "masc", "ов"), ("accs", "femn", "ова"))),
    ("еву", (("datv", "masc", "ев"), ("accs", "femn", "ева"))),
    ("ину", (("datv", "masc", "ин"), ("accs", "femn", "ина"))),
    ("ове", (("loct", "masc", "ов"),)),
    ("еве", (("loct", "masc", "ев"),)),
    ("ов", (("nomn", "masc", "ов"),)),
    ("ев", (("nomn", "masc", "ев"),)),
    ("ёв", (("nomn", "masc", "ёв"),)),
    ("ин", (("nomn", "masc", "ин"),)),
)
_GIVEN_ENDINGS = {
    ("gent", "masc"): (("ия", "ий"), ("я", "й"), ("а", "")),
    ("accs", "masc"): (("ия", "ий"), ("я", "й"), ("а", "")),
    ("ablt", "masc"): (("ем", "й"), ("ом", "")),
    ("datv", "masc"): (("ю", "й"), ("у", "")),
    ("loct", "masc"): (("е", ""),),
    ("gent", "femn"): (("ии", "ия"), ("ы", "а")),
    ("ablt", "femn"): (("ей", "я"), ("ой", "а")),
    ("datv", "femn"): (("ии", "ия"), ("е", "а")),
}  # fmt: skip


_VOWELS = frozenset("аеёиоуыэюя")


def _surname_readings(word: str) -> dict[Reading, str]:
    """Each (case, gender) the surname may be in → its nominative."""
    lowered = word.lower()
    for ending, readings in _SURNAME_READINGS:
        if lowered.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            return {(case, gender): stem + nominative for case, gender, nominative in readings}
    found: dict[Reading, str] = {}
    for parse in morph().parse(lowered):
        if {"Surn", "Name"} & parse.tag.grammemes and "sing" in parse.tag.grammemes:
            found.setdefault((str(parse.tag.case), str(parse.tag.gender)), _inflected(word, parse))
    return found or {_ANY: word}


def _given_readings(word: str) -> dict[Reading, str]:
    found: dict[Reading, str] = {}
    for parse in morph().parse(word.lower()):
        if "Name" in parse.tag.grammemes and "sing" in parse.tag.grammemes:
            if "Fixd" in parse.tag.grammemes:
                return {_ANY: word}
            found.setdefault((str(parse.tag.case), str(parse.tag.gender)), _inflected(word, parse))
    return found


def _inflected(word: str, parse: Any) -> str:
    if parse.tag.case == "nomn":
        return word
    inflected = parse.inflect({"nomn"})
    lemma = inflected.word if inflected is not None else parse.normal_form
    return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))


def _given_by_suffix(word: str, reading: Reading) -> str:
    for ending, nominative_ending in _GIVEN_ENDINGS.get(reading, ()):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if nominative_ending == "й" and stem[-1:].lower() not in _VOWELS:
                nominative_ending = "ь"  # Адиля → Адиль, but Андрея → Андрей
            return stem + nominative_ending
    return word


def _choose(options: list[Reading], hint: str | None) -> Reading:
    """The case the context suggests first, then the nominative, then any."""
    for wanted in (hint, "nomn"):
        for reading in options:
            if reading[0] == wanted:
                return reading
    return options[0]


@lru_cache(maxsize=8192)
def _nominative_cached(name: str, hint: str | None) -> str:
    *given, last = name.split()
    surnames = _surname_readings(last)
    first = _given_readings(given[0]) if given else {}
    both = [r for r in surnames if r in first or _ANY in first or not first or r == _ANY]
    hinted = [r for r in surnames if r[0] == hint]  # the context's case wins over a guess
    reading = _choose(hinted or both or list(surnames), hint)
    if reading == _ANY and first:
        reading = _choose(list(first), hint)
    surname = surnames.get(reading, surnames.get(_ANY, last))
    names = [first.get(reading) or first.get(_ANY) or _given_by_suffix(w, reading) for w in given]
    return " ".join([*names, surname])


def nominative(name: str, *, genitive: bool = False) -> str:
    """A Russian name as written as a subject ("с Алией Серикбаевой" → "Алия Серикбаева"):
    the case and gender both words can be read in (the nominative first) decide."""
    if not cues.CYRILLIC.search(name):
        return name
    # "Дастан КАДЫРЖАНОВ": a surname some outlets print in capitals is a name all the same
    name = " ".join(
        word.title() if len(word) > 2 and word.isupper() else word for word in name.split()
    )
    return _nominative_cached(name, "gent" if genitive else None)


_FEMALE = re.compile(r"(?:ova|eva|yova|ina|yna|aya|skaya|ова|ева|ёва|ина|ына|ая|ская)$")
_MALE = re.compile(r"(?:ov|ev|yov|in|yn|sky|skiy|ий|ов|ев|ёв|ин|ын|ский|uly|ұлы|улы)$")


def gender_of(name: str) -> str | None:
    """ "f" or "m" from the surname's ending, where the ending tells (Russian-style surnames)."""
    last = name.split()[-1].lower() if name.split() else ""
    if _FEMALE.search(last) or last.endswith(("kyzy", "қызы", "кызы")):
        return "f"
    if _MALE.search(last):
        return "m"
    return None


def _has_role_word(role: str | None) -> bool:
    lowered = (role or "").lower()
    return any(word in lowered for word in cues.ROLES_EN + cues.ROLES_RU + cues.POLITICIANS_EN)


# An office held in an academy, institute, foundation… (not in a state): the head of a body
# whose members study or advise, not a politician.
_HEADS_AN_ORGANISATION = re.compile(
    r"\b(?:of|at)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:academy|institute|foundation|fund|cent(?:er|re)|association|university|society|club"
    r"|forum|think\s+tank|group|company|bank)\b"
    r"|(?:фонда|института|центра|академии|ассоциации|университета|клуба|общества|компании)\b"
)


def _is_politician(role: str | None) -> bool:
    if not role:
        return False
    lowered = role.lower()
    if any(re.search(rf"\b{re.escape(r)}", lowered) for r in cues.ROLES_EN + cues.ROLES_RU):
        return False
    if _HEADS_AN_ORGANISATION.search(lowered):  # "President of the World Academy of …"
        return False
    return any(
        re.search(rf"\b{re.escape(t)}", lowered) for t in cues.POLITICIANS_EN + cues.POLITICIANS_RU
    )


class Registry:
    """The people of one article; a surname or a variant spelling finds the person already met."""

    def __init__(
        self,
        not_people: frozenset[str] = frozenset(),
        normal: dict[str, str] | None = None,
        full_names: dict[str, str] | None = None,
        officials: frozenset[str] = frozenset(),
        surnames: frozenset[str] = frozenset(),
    ) -> None:
        self.people: dict[str, Person] = {}
        self.not_people = not_people  # keys of places and organisations (`not_people`)
        self.normal = normal or {}  # a name as written → its nominative, from natasha's lemmas
        # surname key → the full name the parse read as a person's (`full_names`), so that
        # "Petrov told" finds "Ivan Petrov" met earlier with no role; `officials`: the keys
        # of names the text gives an office ("President X"), whose words are reported
        self.full_names = full_names or {}
        self.officials = officials
        # Russian surnames the parse reads as a person on their own ("Петров заявил"): such a
        # name speaks without a first name or role (`lone_surnames`).
        self.surnames = surnames
        self.order: list[str] = []  # keys by last mention, most recent last

    def touch(self, person: Person) -> Person:
        if person.key in self.order:
            self.order.remove(person.key)
        self.order.append(person.key)
        return person

    def person(self, name: str, role: str | None = None) -> Person | None:
        """The person so named (full name or surname), added when new; None for a lone word
        that names no one met so far (people are introduced by full name or with a role)."""
        name = self.normal.get(name, name)
        key = expert_key(name)
        if not key or key in self.not_people:
            return None
        found = self.people.get(key) or self._by_surname(key)
        if found is None and "-" not in key and not _has_role_word(role):
            if key in self.full_names:
                name = self.full_names[key]
                key = expert_key(name)
                found = self.people.get(key) or self._by_surname(key)
            elif key not in self.surnames:
                return None
        if found is None:
            found = Person(key, name, "person", role or None, _is_politician(role))
            found.politician = found.politician or bool(
                {key, key.rsplit("-", 1)[-1]} & self.officials
            )
            found.gender = gender_of(name)
            self.people[key] = found
        elif " " in name and " " not in found.name:
            self._rename(found, name)
        found.aliases.add(name)
        if role and not found.role:
            found.role = role
            found.politician = _is_politician(role)
        return self.touch(found)

    def known(self, name: str) -> Person | None:
        """The person met so far under this name or surname, without adding anyone."""
        key = expert_key(self.normal.get(name, name))
        return (self.people.get(key) or self._by_surname(key)) if key else None

    def group(self, phrase: str) -> Person:
        name = phrase[:1].upper() + phrase[1:]
        key = expert_key(name)
        if key not in self.people and "-" not in key:  # "analysts" after "Kazakh analysts"
            for known in reversed(self.order):
                if known.endswith("-" + key) and self.people[known].kind == "group":
                    return self.touch(self.people[known])
        if key not in self.people and re.match(r"(?i)(?:the|these)\s", phrase):
            last = self.last(kind="group")  # "The experts stressed": the group just met
            if last is not None:
                return self.touch(last)
        found = self.people.setdefault(key, Person(key, name, "group"))
        return self.touch(found)

    def _by_surname(self, key: str) -> Person | None:
        """The person this surname, or this variant spelling (Çakmak / Chakmak), names: an
        exact surname first, then one within the edit bound (`names.same_name`)."""
        people = [person for person in self.people.values() if person.kind == "person"]
        words = key.split("-")
        for person in people:
            if len(words) == 1 and words[0] in person.key.split("-"):
                return person
            if len(person.key.split("-")) == 1 and person.key == words[-1]:
                return person
        for person in people:
            parts = person.key.split("-")
            if len(words) == 1 and close_words(words[0], parts[-1]):
                return person
            if len(parts) == 1 and close_words(person.key, words[-1]):
                return person
            spellings = (person.key, *(expert_key(alias) for alias in person.aliases))
            if any(same_name(key, spelling) for spelling in spellings):
                return person
        return None

    def _rename(self, person: Person, name: str) -> None:
        """A surname met first, the full name later: the person takes the full name's key."""
        old = person.key
        del self.people[old]
        person.aliases.add(person.name)
        person.key, person.name = expert_key(name), name
        self.people[person.key] = person
        self.order = [person.key if k == old else k for k in self.order]

    def last(
        self, *, kind: ExpertKind = "person", role: str | None = None, gender: str | None = None
    ) -> Person | None:
        """The most recently mentioned expert (with that role word or gender, when given)."""
        for key in reversed(self.order):
            person = self.people.get(key)
            if person is None or person.kind != kind or person.politician:
                continue
            if gender is not None and person.gender not in (gender, None):
                continue
            if role is None or (person.role and role in person.role.lower()):
                return person
        return None


def not_people(entities: Iterable[Entity], language: str = "en") -> frozenset[str]:
    """The keys of names the named-entity tagger calls a place or nationality ("Central Asia",
    "Central Asian", "Южный Кавказ") and never, in any word of them, a person: no one by such a
    name is an expert. Organisations count only for natasha (Russian): spaCy's small English
    pipeline tags many Central Asian surnames ORG."""
    labels = {"LOC", "NORP", "ORG"} if language == "ru" else {"LOC", "NORP"}
    others: set[str] = set()
    people: set[str] = set()
    for entity in entities:
        keys = {expert_key(entity.normal), expert_key(entity.text)} - {""}
        if entity.label == "PER":
            people |= {word for key in keys for word in key.split("-")}
        elif entity.label in labels:
            others |= keys
    return frozenset(key for key in others if not people & set(key.split("-")))


def full_names(entities: Iterable[Entity]) -> dict[str, str]:
    """Each surname key → the full name (two or three capitalised words) the tagger read as a
    person's, the first such name for each surname."""
    found: dict[str, str] = {}
    for entity in entities:
        words = entity.text.split()
        if entity.label != "PER" or not 2 <= len(words) <= 3:
            continue
        if not all(word[:1].isupper() and word[1:2].islower() for word in words):
            continue
        key = expert_key(entity.text)
        if key:
            found.setdefault(key.rsplit("-", 1)[-1], entity.text)
    return found


def lone_surnames(entities: Iterable[Entity], text: str) -> frozenset[str]:
    """Keys of Russian one-word names the parse calls a person ("Петров", "Сидоренко"), that no
    office title precedes anywhere in the text and that are not a head of state's: an
    expert named by surname alone ("Петров заявил, что …")."""
    found: set[str] = set()
    titled: set[str] = set()
    for entity in entities:
        if entity.label != "PER" or not cues.CYRILLIC.search(entity.text):
            continue
        before = text[max(0, entity.start - 40) : entity.start].lower().split()
        key = expert_key(entity.normal)
        if before and any(before[-1].startswith(t) for t in cues.POLITICIAN_TITLE_STEMS_RU):
            titled.add(key.rsplit("-", 1)[-1])
        if " " in entity.text.strip() or "." in entity.text:
            continue
        if key and key not in cues.LEADERS:
            found.add(key)
    return frozenset(found - titled)


def normal_forms(entities: Iterable[Entity]) -> dict[str, str]:
    """Each Russian person's name as written → its nominative: natasha's normal form where it
    changed the words, else the surname rules of `nominative` (natasha leaves Kazakh feminine
    forms such as "Серикбаевой" as they are)."""
    found: dict[str, str] = {}
    for entity in entities:
        if entity.label != "PER" or not cues.CYRILLIC.search(entity.text):
            continue
        normal = entity.normal if entity.normal != entity.text else nominative(entity.text)
        if normal and normal != entity.text:
            found[entity.text] = normal
    return found

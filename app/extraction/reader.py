"""The reader: who a name, role noun or pronoun means, and who said each quotation."""

import re

from app.extraction import cues
from app.extraction import patterns as p
from app.extraction.experts import Person, Registry, nominative
from app.extraction.markers import (
    GENITIVE_LEAD,
    introductions,
    role_text,
    split_title,
    subject_verb,
)
from app.extraction.segment import quotations

_GENERIC_ROLES = frozenset({"expert", "эксперт", "speaker", "interlocutor", "собеседник",
                            "analyst", "аналитик", "спикер"})  # fmt: skip

_GROUP_NOUNS = frozenset(cues.GROUP_NOUNS_EN + cues.GROUP_NOUNS_RU)
# "Representatives of the expert community", "members of the academic community": a group.
_GROUP_HEADS = frozenset({"representatives", "members"})
_COMMUNITY = re.compile(r"^\s+of\s+the\s+(?:[a-z]+\s+)?(?i:expert|analytical|academic)\s+community")


# A name set off by commas after what the person is: ", Hakan Altynay," after "The President of
# the World Academy of Citizenship" (which the name pattern reads as a name, "Citizenship").
_APPOSITIVE_NAME = re.compile(rf",\s+(?P<name>{p.FULL_NAME}),")
_DESCRIPTION_WORDS = 12  # a longer lead is the sentence's own words, not the person's role
# The words of a reported clause between "X thinks that" and the quotation that finishes it.
_RUNS_ON = re.compile(r"(?:\s*[^\s.!?;:\"«»“”„]+){1,12}\s*")


class Reader:
    """Reads an article sentence by sentence, keeping who spoke last."""

    def __init__(
        self, text: str, registry: Registry, persons: list[tuple[int, int]] | None = None
    ) -> None:
        self.text = text
        self.registry = registry
        self.persons = persons or []
        self.current: Person | None = None
        self.quotes = quotations(text)
        self.quote_speakers: dict[int, Person | None] = {}

    def resolve(
        self, match: re.Match[str], tag: str = "", *, genitive: bool = False
    ) -> Person | None:
        groups = match.groupdict()
        if groups.get(f"name{tag}"):
            appos = groups.get(f"appos{tag}") or ""
            named = _APPOSITIVE_NAME.fullmatch(appos)
            if named is not None:  # "The director of the X Group, Y Z, said": Y Z speaks
                lead = match.string[: match.start(f"appos{tag}")].strip()
                what = re.sub(r"^(?i:the|a|an)\s+", "", lead)
                if len(what.split()) > _DESCRIPTION_WORDS:
                    what = groups[f"name{tag}"]
                return self.registry.person(nominative(named.group("name")), what)
            raw, title = split_title(groups[f"name{tag}"])
            if not raw:
                return None
            role = role_text(match, tag)
            if raw.lower() in _GROUP_HEADS and _COMMUNITY.search(appos):
                # "Representatives of the expert community of Azerbaijan agree that …"
                where = re.match(r"\s+of\s+[A-Z][\w-]+", match.string[match.end(f"appos{tag}") :])
                phrase = f"{raw} {appos}{where.group(0) if where else ''}"
                return self.registry.group(" ".join(phrase.split()))
            is_genitive = genitive or bool(role and re.search(r"[ая]$", role.split()[-1]))
            person = self.registry.person(nominative(raw, genitive=is_genitive), role or title)
            if person is not None and title and not person.role:
                person.politician = True
            if person is None and raw.lower() in _GROUP_NOUNS:  # "Analysts are expecting …"
                return self.registry.group(raw)
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
            # "the expert said": the one speaking, before someone only mentioned since
            speaking = self.current
            found = speaking if speaking is not None and speaking.kind == "person" else None
            found = found or self.registry.last()
        if found is None and cues.CYRILLIC.match(noun):
            # Russian news names one expert by turns "политолог", "специалист", "аналитик":
            # a role noun no one was given is the last expert's.
            found = self.registry.last()
        return found

    def resolve_known(self, match: re.Match[str]) -> Person | None:
        """A name or role noun resolved to an expert already met, adding no one."""
        if match.group("name"):
            raw, _title = split_title(match.group("name"))
            person = self.registry.known(nominative(raw)) if raw else None
            return person if person is not None and not person.politician else None
        return self.by_role(match.group("rolenoun"))

    def trailing(self, found: re.Match[str], offset: int) -> Person | None:
        """The speaker a long description ends with (`patterns.LONG_TRAILING`, matched at
        `offset` in the text), when the parse reads the name, or its last words, as a person."""
        start, end = (offset + i for i in found.span("name"))
        person = next((s for s, e in self.persons if start <= s < end <= e + 1), None)
        if person is None:
            return None
        words = self.text[person:end]
        name = " ".join(w if not w.isupper() else w.title() for w in words.split())
        if " " not in name:
            return None
        role = (found.group("role") + self.text[start:person]).strip(" ,")
        if not p.ROLE_WORD.search(role):  # "said the press office of …": no one's occupation
            return None
        return self.registry.person(nominative(name), role)

    def described(self, found: re.Match[str], offset: int) -> Person | None:
        """The speaker of a "…, a co-author of the paper, X, told" match (at
        `offset` in the text), when the parse reads the name as a person's."""
        start, end = (offset + i for i in found.span("name"))
        if not self._is_person(start, end):
            return None
        role = re.sub(r"^(?i:the|a|an|another)\s+", "", found.group("role"))
        return self.registry.person(nominative(found.group("name")), role)

    def _is_person(self, start: int, end: int) -> bool:
        """Whether the parse reads text[start:end] as (part of) a person's name."""
        return any(s < end and start < e for s, e in self.persons)

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
        trailing = p.LONG_TRAILING.match(after)
        if trailing:
            return self.trailing(trailing, end)
        described = p.AFTER_QUOTE_DESCRIBED.match(after)
        if described:
            return self.described(described, end)
        inside = p.QUOTE_INTERJECTION.search(self.text, start, end)
        if inside:
            who = self.resolve(inside)
            if who is not None:
                return who
        line_start = self.text.rfind("\n", 0, start) + 1
        before = self.text[line_start:start]
        before = before[: p.QUOTE_LEAD.search(before).start()]  # type: ignore[union-attr]
        if not before:
            return self.current
        found = p.ACCORDING_TO.search(before + ", ")
        if found and found.end() >= len(before):
            return self.resolve(found, genitive=bool(GENITIVE_LEAD.search(before)))
        cue = subject_verb(before)
        if cue and (cue.end >= len(before.rstrip()) or _RUNS_ON.fullmatch(before, cue.end)):
            return self.resolve(cue.who)  # 'X thinks that [the AKP] "will not …"'
        found = p.WHO_AT_END.search(before, max(0, len(before) - 60))
        if found and not _connective(found):  # 'However, "…"': the speaker goes on
            return self.resolve(found)
        return self.current


def _connective(found: re.Match[str]) -> bool:
    """Whether a WHO match is only a capitalised connective ("However", "Additionally")."""
    name = found.group("name")
    return bool(name) and not split_title(name)[0] and not split_title(name)[1]


def introduce(registry: Registry, s_text: str) -> list[Person]:
    """Register the experts a sentence introduces ("political analyst X", "X, director of Y")."""
    found_people: list[Person] = []
    for intro in introductions(s_text):
        org, found = _organisation_first(intro.group("org") or "", intro.group("name") or "")
        name, title = split_title(found or intro.group("name2") or "")
        if name:
            role = (intro.group("role") or "") + org
            genitive = bool(re.search(r"[ая]$", (intro.group("role") or "").strip()))
            role = role or (intro.group("appos") or "").strip(" ,")
            person = registry.person(nominative(name, genitive=genitive), role.strip() or title)
            if person is not None:
                found_people.append(person)
    return found_people


def _organisation_first(org: str, name: str) -> tuple[str, str]:
    """ "director of the Risk Assessment | Group Dosym Satpayev": a name's leading words that
    name an organisation end the organisation, not start the name."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in cues.ORGANISATIONS:
        org += " " + words.pop(0)
    return org, " ".join(words)

"""Person names: one stable Latin key for every spelling and script of the same name.

"Казбек Бейсебаев", "Kazbek Beisebaev" and "Kazbek Beisebayev" are one person. The key is built
by transliterating to Latin, then folding the letters that romanisation systems disagree on (ay/ai,
j/zh, -y/-iy, doubled consonants, "ye" after a vowel) towards the common English spelling, and
dropping patronymics, so that it is stable across articles as well as within one. Words that are
not capitalised (a group's "economists") are transliterated but not folded.

What folding cannot reach (Çakmak / Chakmak, Perinçek / Perindzhek, Musabekov / Musabeyov) an
edit-distance bound on each word of the key does (`same_name`): one edit in a short word, two in
a long one, and never a feminine ending (Ivanov / Ivanova are two people).
"""

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

# Russian → Latin close to the common English (BGN/PCGN-like) romanisation news sites use.
_CYRILLIC = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
     "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
     "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
     "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
     "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i"}
)  # fmt: skip
# Applied in order to the lower-case Latin form of a capitalised word; each pair folds spellings of
# one sound together, towards the common English romanisation, so that the key stays readable.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[`'’ʼ]", ""),
        (r"x", "ks"),
        (r"dzh|j", "zh"),
        (r"(?<=[aeiou])ye", "e"),
        (r"^ye(?=[^aeiou])", "e"),
        (r"(?<=[aeou])y(?![aeiou])", "i"),  # "ay", "ey", "oy" as in Bayzhanova → Baizhanova
        (r"(?<![aeiou])(?:iy|ii|y)$", "iy"),  # Dmitry, Dmitrii → Dmitriy
        (r"([bcdfgklmnpqrstvwz])\1+", r"\1"),
    )
)
_PATRONYMIC = re.compile(r"(?:ovich|evich|ich|ovna|evna|ichna|uly|kyzy|uli|kizi)$")
_WORD = re.compile(r"[a-z]+")


def to_latin(text: str) -> str:
    """The name in Latin letters (Cyrillic by the news romanisation, the rest by anyascii)."""
    return anyascii(text.lower().translate(_CYRILLIC))


def _fold(word: str) -> str:
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


_NAME_WORDS = re.compile(r"[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*")


@lru_cache(maxsize=4096)
def expert_key(name: str) -> str:
    """The stable Latin slug of a person's or group's name, whatever its spelling or script.

    Only capitalised words (the name's) are folded: a group's nouns ("Most economists") keep
    their spelling."""
    words: list[str] = []
    for word in _NAME_WORDS.findall(name):
        latin = to_latin(word)
        words.extend(_WORD.findall(_fold(latin) if word[:1].isupper() else latin))
    if len(words) > 2:
        words = [word for word in words if not _PATRONYMIC.search(word)] or words
    return "-".join(words)


def display_slug(name: str) -> str:
    """A readable Latin slug of a name (transliterated, not folded)."""
    return "-".join(_WORD.findall(to_latin(name)))


_GENDER_ENDINGS = ("a", "aya")  # Ivanov / Ivanova, Kalinsky / Kalinskaya (after folding: -iy)
LONG_WORD = 8  # letters from which a word may differ by two edits


def close_words(first: str, second: str) -> bool:
    """Whether two words of keys are one spelling within the edit bound."""
    if first == second:
        return True
    if first[:1] != second[:1]:
        return False
    shorter, longer = sorted((first, second), key=len)
    if any(longer == shorter + end for end in _GENDER_ENDINGS) or (
        shorter.endswith("iy") and longer == shorter[:-2] + "aya"
    ):
        return False
    bound = 2 if len(shorter) >= LONG_WORD else 1
    return Levenshtein.distance(first, second, score_cutoff=bound) <= bound


def same_name(first: str, second: str) -> bool:
    """Whether two keys (`expert_key`) spell one name: as many words, each equal or within the
    edit bound, the feminine form of a surname never the masculine's."""
    a, b = first.split("-"), second.split("-")
    return len(a) == len(b) and all(close_words(x, y) for x, y in zip(a, b, strict=True))

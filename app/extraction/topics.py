"""The topic lexicon as data: slug, name, parent and English and Russian aliases per topic.

English aliases match at the start of a word ("russia" finds "Russian"); Russian aliases are
stems, so that one alias finds every case ending ("росси" finds "России", "российский").
"""

import re
from dataclasses import dataclass

from app.extraction.patterns import alternation, spans


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    name: str
    parent: str | None
    aliases_en: tuple[str, ...]
    aliases_ru: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic("kazakhstan", "Kazakhstan", None,
          ("kazakhstan", "kazakh", "astana", "almaty", "nur-sultan", "akorda"),
          ("казахстан", "казах", "астан", "алмат", "акорд")),
    Topic("elections", "Elections", "kazakhstan",
          ("election", "electoral", "vote", "voting", "voter", "ballot", "candidate", "mandate",
           "referendum", "poll", "campaign", "turnout"),
          ("выбор", "избира", "голосова", "бюллетен", "кандидат", "мандат", "референдум",
           "явк", "электорал", "предвыбор")),
    Topic("reforms", "Political reforms", "kazakhstan",
          ("reform", "modernisation", "modernization", "system of government", "constitution",
           "parliament", "legacy", "transition", "institution", "governance",
           "system of management", "democratis", "democratiz", "renew"),
          ("реформ", "модернизац", "конституц", "парламент", "транзит", "институт",
           "управлени", "демократизац", "преобразован")),
    Topic("demographics", "Demographics and language", "kazakhstan",
          ("demograph", "population", "birth rate", "migration", "language", "speakers",
           "russian-speaking", "ethnic"),
          ("демограф", "населени", "рождаемост", "миграц", "язык", "русскоязыч",
           "этническ")),
    Topic("economy", "Economy", "kazakhstan",
          ("econom", "gdp", "inflation", "growth", "investment", "budget", "tenge", "trade",
           "market", "price", "industry", "sanction", "business", "debt", "problems"),
          ("эконом", "ввп", "инфляц", "инвестиц", "бюджет", "тенге", "торгов", "рынок",
           "рынк", "цен", "промышлен", "санкц", "бизнес", "долг")),
    Topic("foreign-policy", "Foreign policy", "kazakhstan",
          ("foreign policy", "diplomacy", "diplomat", "multi-vector", "multivector",
           "partners", "international", "sovereignty", "un ", "alliance", "relations"),
          ("внешн", "дипломат", "многовектор", "партнер", "партнёр", "международн",
           "суверенитет", "оон", "союз", "отношени")),
    Topic("russia", "Russia", "foreign-policy",
          ("russia", "russian", "moscow", "kremlin", "putin", "eaeu", "csto",
           "eurasian economic union"),
          ("росси", "русск", "москв", "кремл", "путин", "еаэс", "одкб")),
    Topic("china", "China", "foreign-policy",
          ("china", "chinese", "beijing", "xi jinping", "belt and road"),
          ("кита", "пекин", "си цзиньпин", "пояс и путь")),
    Topic("turkic-world", "The Turkic world", "foreign-policy",
          ("turkic", "turkey", "türkiye", "turkiye", "erdogan", "ankara", "azerbaijan", "baku",
           "organization of turkic states"),
          ("тюрк", "турци", "турецк", "эрдоган", "анкар", "азербайдж", "баку")),
    Topic("central-asia", "Central Asia", "foreign-policy",
          ("central asia", "uzbekistan", "kyrgyzstan", "tajikistan", "turkmenistan", "tashkent",
           "bishkek", "dushanbe", "samarkand", "afghanistan", "caspian"),
          ("центральн азии", "центральной азии", "центральная азия", "узбекистан",
           "кыргызстан", "киргиз", "таджикистан", "туркменистан", "ташкент", "бишкек",
           "душанбе", "самарканд", "афганистан", "каспи")),
    Topic("energy", "Energy", "kazakhstan",
          ("energy", "oil", "gas", "pipeline", "uranium", "nuclear", "electricity", "coal",
           "renewable", "opec", "tengiz", "kashagan", "cpc"),
          ("энерг", "нефт", "газ", "трубопровод", "уран", "аэс", "атомн", "электроэнерг",
           "угол", "угл", "опек", "тенгиз", "кашаган")),
    Topic("security", "Security", "kazakhstan",
          ("security", "military", "army", "defence", "defense", "war", "terror", "conflict",
           "border", "unrest", "protest", "threat", "stability"),
          ("безопасност", "военн", "арми", "оборон", "войн", "террор", "конфликт", "границ",
           "беспоряд", "протест", "угроз", "стабильност")),
)  # fmt: skip
_PARENTS = frozenset(topic.parent for topic in TOPICS if topic.parent)


_ALIASES: dict[str, set[int]] = {}
for _index, _topic in enumerate(TOPICS):
    for _alias in _topic.aliases_en + _topic.aliases_ru:
        _ALIASES.setdefault(_alias.lower(), set()).add(_index)
# One pass over the text finds every alias; the alias found names its topics.
_PATTERN = re.compile(rf"(?<![\w-])(?:{alternation(_ALIASES)})", re.IGNORECASE)
_PATTERN_LOWER = re.compile(rf"(?<![\w-])(?:{alternation(_ALIASES)})")  # aliases are lower-case
_SPACES = re.compile(r"\s+")


def topics_of(text: str) -> tuple[str, ...]:
    """The topics a passage speaks of, in lexicon order; a parent only when alone."""
    hits: set[int] = set()
    for start, end in spans(_PATTERN, _PATTERN_LOWER, text):
        hits |= _ALIASES.get(_SPACES.sub(" ", text[start:end].lower()), set())
    found = [TOPICS[i].slug for i in sorted(hits)]
    specific = [slug for slug in found if slug not in _PARENTS]
    return tuple(specific or found)

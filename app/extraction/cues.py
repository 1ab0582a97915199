"""Cue lists as data, English and Russian: who speaks, and how a claim is worded.

Each list is a plain tuple so that adding a cue is a one-line change; the regular expressions
built from them live in the stages that use them, compiled once at import.
"""

import re

# Any Cyrillic letter: whether a text or a word is Russian.
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)

# Verbs (and verb phrases) that attribute the words around them to their subject.
SPEECH_EN = (
    "believes", "believe", "thinks", "think", "said", "says", "say", "noted", "notes", "stated",
    "states", "argued", "argues", "added", "adds", "explained", "explains", "told", "tells",
    "predicted", "predicts", "predict", "expects", "expect", "expected", "forecasts", "warned",
    "warns", "concluded", "concludes", "emphasised", "emphasized", "emphasises", "emphasizes",
    "stressed", "stresses", "pointed out", "points out", "suggested", "suggests", "agreed",
    "agree", "agrees", "is confident", "are confident", "is certain", "are certain", "is sure",
    "are sure", "is convinced", "are convinced", "does not think", "doesn't think",
    "do not think", "don't think", "does not believe", "doesn't believe", "doubts", "doubt",
    "assumes", "insists", "insisted", "wrote", "writes", "commented", "remarked", "recalled",
    "observed", "assured", "claims", "claimed", "estimates", "fears", "hopes", "replied",
    "answered", "continued", "went on", "summed up", "admitted", "admits", "considers",
    "is certain that", "maintains", "contends", "reckons", "opined", "argue", "warn",
    "are expecting", "is expecting", "highlighted", "highlights", "underlined", "underlines",
    "underscored", "underscores", "mentioned",
)  # fmt: skip
SPEECH_RU = (
    "считает", "считают", "полагает", "полагают", "уверен", "уверена", "уверены", "убежден",
    "убеждена", "убеждены", "убеждён", "отметил", "отметила", "отмечает", "отмечают", "заявил",
    "заявила", "заявляет", "сказал", "сказала", "говорит", "подчеркнул", "подчеркнула",
    "подчеркивает", "подчёркивает", "пояснил", "пояснила", "поясняет", "добавил", "добавила",
    "прогнозирует", "прогнозируют", "ожидает", "ожидают", "предполагает", "предполагают",
    "допускает", "указал", "указала", "указывает", "признал", "признала", "напомнил",
    "напомнила", "заключил", "заключила", "резюмировал", "резюмировала", "констатировал",
    "констатировала", "сомневается", "сомневаются", "не исключает", "не исключают", "думает",
    "уточнил", "уточнила", "рассказал", "рассказала", "соглашаются", "согласны", "согласен",
    "предупреждает", "предупредил", "предупредила", "убеждены", "продолжил", "продолжила",
    "ответил", "ответила", "размышляет", "оценивает", "полагал", "считал", "пишет", "написал",
    "не считает", "не думает", "не сомневается", "делает вывод", "прогнозировал",
    "сходятся", "сходится", "уверены", "сообщил", "сообщила", "поделился", "поделилась",
    "прокомментировал", "прокомментировала", "высказал мнение", "высказала мнение",
    "высказал", "высказала",
)  # fmt: skip
# Phrases that open a sentence and name its speaker: "According to X, ...".
ACCORDING_EN = ("according to", "in the opinion of", "in the words of", "as noted by", "as")
ACCORDING_RU = ("по словам", "по мнению", "по оценке", "по оценкам", "по прогнозу",
                "по прогнозам", "как считает", "как отметил", "как отметила", "как полагает",
                "как заявил", "как заявила", "как подчеркнул", "как подчеркнула",
                "как пояснил", "как пояснила", "как говорит", "как уверен", "как уверена",
                "как отмечает", "как сказал", "как сказала", "как считают", "как убежден",
                "как убеждена", "как подчеркивает", "как полагают",
                "с точки зрения")  # fmt: skip
# Occupations that make a named person an expert.
ROLES_EN = (
    "political analyst", "political observer", "political scientist", "political commentator",
    "political technologist", "political strategist", "analyst", "observer", "expert",
    "scientist", "economist", "professor", "associate professor", "researcher",
    "senior researcher", "research fellow", "fellow", "director", "deputy director", "head",
    "chairman", "chair", "founder", "co-founder", "sociologist", "historian", "orientalist",
    "sinologist", "turkologist", "commentator", "specialist", "lecturer", "strategist",
    "consultant", "adviser", "advisor", "editor-in-chief", "editor", "columnist", "scholar",
    "demographer", "lawyer", "jurist", "diplomat", "former ambassador", "ambassador", "pundit",
)  # fmt: skip
ROLES_RU = (
    "политолог", "политический аналитик", "аналитик", "эксперт", "обозреватель", "наблюдатель",
    "экономист", "профессор", "доцент", "исследователь", "научный сотрудник", "директор",
    "руководитель", "глава", "председатель", "сопредседатель", "основатель", "социолог",
    "историк", "востоковед", "китаист", "синолог", "тюрколог", "политтехнолог", "комментатор",
    "специалист", "преподаватель", "стратег", "консультант", "советник", "главный редактор",
    "редактор", "колумнист", "публицист", "ученый", "учёный", "демограф", "юрист", "дипломат",
    "посол", "декан", "заведующий", "завкафедрой", "президент фонда", "политический технолог",
    "сотрудник",
)  # fmt: skip
# Titles that make a named person a politician whose words are reported, not an expert.
POLITICIANS_EN = (
    "president", "prime minister", "minister", "foreign minister", "premier", "chancellor",
    "senator", "deputy", "mp", "spokesman", "spokeswoman", "spokesperson", "press secretary",
    "king", "emir", "governor", "mayor", "akim", "pope", "secretary of state", "speaker",
    "leader", "candidate", "ex-president", "former president",
)  # fmt: skip
POLITICIANS_RU = (
    "президент", "премьер-министр", "премьер", "министр", "глава мид", "глава государства",
    "депутат", "сенатор", "пресс-секретарь", "спикер", "аким", "губернатор", "мэр", "кандидат",
    "лидер", "экс-президент", "канцлер", "госсекретарь", "папа римский",
)  # fmt: skip
# The first words of an office before a surname, in any case ("президента Токаева").
POLITICIAN_TITLE_STEMS_RU = ("президент", "премьер", "министр", "депутат", "сенатор", "аким",
                             "губернатор", "мэр", "лидер", "спикер", "глав", "канцлер",
                             "госсекретар", "посл")  # fmt: skip
# Heads of state and government the region's news names by surname alone, as keys: never
# taken for an expert named by surname alone.
LEADERS = frozenset(
    {"tokaev", "tokayev", "nazarbaev", "nazarbayev", "putin", "aliev", "aliyev", "erdogan",
     "mirziyoev", "mirziyoyev", "mirzieev", "zhaparov", "japarov", "rakhmon", "lukashenko",
     "pashinyan", "zelenskiy", "baiden", "tramp", "berdymukhamedov", "lavrov", "peskov",
     "medvedev", "mishustin", "sadyr", "atambaev", "karimov"}
)  # fmt: skip
# Unnamed groups that claim things together.
GROUP_QUANTIFIERS_EN = ("most", "many", "some", "several", "other", "a number of",
                        "the majority of", "a majority of", "all", "a few", "few")  # fmt: skip
GROUP_NOUNS_EN = ("observers", "experts", "analysts", "political scientists", "economists",
                  "demographers", "sociologists", "historians", "lawyers", "diplomats",
                  "bankers", "investors", "strategists", "orientalists", "sinologists",
                  "commentators", "scholars", "specialists", "pundits", "researchers",
                  "political analysts", "political observers")  # fmt: skip
GROUP_QUANTIFIERS_RU = ("большинство", "многие", "некоторые", "ряд", "часть", "другие",
                        "многих", "ряда", "большинства", "некоторых")  # fmt: skip
GROUP_NOUNS_RU = ("экспертов", "эксперты", "наблюдателей", "наблюдатели", "аналитиков",
                  "демографов", "демографы", "социологов", "социологи", "историков", "историки",
                  "востоковедов", "востоковеды", "китаистов", "китаисты", "банкиров", "банкиры",
                  "аналитики", "политологов", "политологи", "экономистов", "экономисты",
                  "специалистов", "специалисты", "исследователей", "исследователи")  # fmt: skip
PRONOUNS_EN = ("he", "she", "him", "her")
PRONOUNS_RU = ("он", "она", "него", "неё", "нее")
FEMALE_PRONOUNS = frozenset({"she", "her", "она", "неё", "нее", "её", "ее"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "он", "него", "его"})
# Words that make a capitalised phrase an organisation, not a person.
ORGANISATIONS = frozenset(
    {"ministry", "committee", "bureau", "office", "council", "bank", "institute", "center",
     "centre", "agency", "service", "government", "commission", "lab", "laboratory", "group",
     "company", "university", "party", "fund", "foundation", "union", "organization",
     "organisation", "association", "parliament", "senate", "mazhilis", "court", "corporation",
     "analytics", "school", "academy", "club", "forum", "министерство", "комитет", "бюро",
     "совет", "банк", "институт", "центр", "агентство", "служба", "правительство", "комиссия",
     "университет", "партия", "фонд", "союз", "организация", "ассоциация", "парламент",
     "сенат", "мажилис", "суд", "корпорация", "академия", "клуб", "форум", "группа"}
)  # fmt: skip
GROUP_PRONOUNS_EN = ("they", "their", "them")
GROUP_PRONOUNS_RU = ("они", "их")
# Capitalised words that start a sentence but never a name.
NOT_NAMES = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "according", "in", "for", "but", "and",
     "however", "also", "therefore", "thus", "so", "as", "at", "on", "by", "it", "he", "she",
     "they", "we", "i", "our", "his", "her", "their", "its", "what", "why", "how", "when",
     "where", "who", "which", "if", "then", "meanwhile", "moreover", "besides", "finally",
     "first", "second", "third", "yet", "still", "now", "today", "tomorrow", "yesterday",
     "there", "here", "such", "additionally", "furthermore", "nevertheless", "indeed",
     "instead", "rather", "mr", "mrs", "ms", "dr", "prof", "professor", "political",
     "russian", "kazakh", "kazakhstani", "chinese", "turkish", "american", "european",
     "по", "как", "в", "на", "и", "но", "а", "что", "это", "он", "она", "они", "мы", "я",
     "так", "также", "однако", "при", "с", "для", "если", "когда", "почему", "зачем",
     "кроме", "поэтому", "впрочем", "между", "тем", "наконец", "ведь", "вот", "сегодня",
     "завтра", "вчера", "эксперт", "политолог", "аналитик", "директор", "профессор",
     "руководитель", "глава", "казахстанский", "российский", "известный", "независимый"}
)  # fmt: skip
# Words that mark speech reported inside a speaker's words ("Tokayev said that ...").
REPORTED_EN = ("says", "said", "has said", "stated", "announced", "promised", "declared",
               "told", "has promised", "has announced", "has declared", "has called",
               "has asked", "called", "asked", "vowed", "pledged")  # fmt: skip
REPORTED_RU = ("заявил", "заявила", "сказал", "сказала", "заявляет", "говорит", "пообещал",
               "пообещала", "обещает", "объявил", "объявила", "обещал", "заявлял")  # fmt: skip

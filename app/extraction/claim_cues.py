"""Cue lists for what is claimed: hedges, future and modal markers, prescriptions (EN and RU)."""

from app.confidence import BANDS

# Surface forms that mean a phrase in the confidence table: written form → table phrase.
HEDGE_ALIASES = {
    "won't": "will not", "will never": "will not", "shall": "will", "is going to": "will",
    "are going to": "will", "going to": "will", "will always": "will",
    "i'm certain": "i am certain", "i am sure": "certain", "i'm sure": "certain",
    "i am convinced": "certain", "i'm convinced": "certain", "is certain": "certain",
    "are certain": "certain", "is sure": "certain", "is convinced": "certain",
    "inevitably": "inevitable", "is inevitable": "inevitable",
    "don't think": "does not think", "do not think": "does not think",
    "doesn't think": "does not think", "does not believe": "does not think",
    "doesn't believe": "does not think", "i think": "think", "thinks": "think",
    "don't expect": "does not think", "do not expect": "does not think",
    "doesn't expect": "does not think", "does not expect": "does not think",
    "не думаю": "does not think", "не считаю": "does not think", "не ожидаю": "does not think",
    "не верю": "does not think",
    "believes": "believe", "expects": "expect", "i expect": "expect", "is expected to": "expect",
    "are expected to": "expect", "may well": "may",
    "is likely": "likely", "are likely to": "is likely to", "are unlikely to": "is unlikely to",
    "is not likely": "unlikely", "not likely": "unlikely", "doubts": "doubt", "i doubt": "doubt",
    "there is no chance": "no chance", "without doubt": "no doubt", "undoubtedly": "no doubt",
    "surely": "certainly", "perhaps": "possible", "possibly": "possible", "maybe": "possible",
    "is possible": "possible", "it is possible": "possible",
    "будут": "будет", "не будут": "не будет", "станет": "будет", "станут": "будет",
    "не станет": "не будет", "не станут": "не будет", "уверена": "уверен", "уверены": "уверен",
    "убежден": "уверен", "убеждён": "уверен", "убеждена": "уверен", "убеждены": "уверен",
    "неизбежен": "неизбежно", "неизбежна": "неизбежно", "неизбежны": "неизбежно",
    "могут": "может", "может быть": "возможно", "не исключено": "возможно",
    "не исключает": "возможно", "не исключаю": "возможно", "считают": "считает",
    "полагает": "полагаю", "полагают": "полагаю", "думает": "думаю", "я думаю": "думаю",
    "наверняка": "практически наверняка", "очевидно": "несомненно", "конечно": "безусловно",
    "едва ли": "едва ли", "сможет": "будет", "смогут": "будет", "не сможет": "не будет",
    "не смогут": "не будет", "вероятнее всего": "скорее всего", "по всей видимости": "вероятно",
    "ожидается": "вероятно", "ожидаю": "вероятно", "прогнозирую": "вероятно",
}  # fmt: skip
TABLE_PHRASES = tuple(phrase for band in BANDS for phrase in band.phrases)
# Hedges that only carry the tense: a claim with a stronger hedge reports that one instead.
WEAK_HEDGES = frozenset({"will", "will not", "there will be", "there will be no", "будет",
                         "не будет", "may", "could", "может", "think", "believe", "считает",
                         "думаю", "полагаю", "expect"})  # fmt: skip
# Hedges that are only hedges with a verb or clause after them, not as a bare word.
SPEAKER_HEDGES = frozenset({"think", "believe", "expect", "считает", "думаю", "полагаю",
                            "thinks", "believes", "expects", "considers"})  # fmt: skip

FUTURE_EN = (
    "will", "won't", "shall", "going to", "is expected to", "are expected to", "is likely to",
    "are likely to", "is unlikely to", "are unlikely to", "is set to", "are set to",
    "inevitable", "inevitably", "in the future", "in the coming", "next year", "next month",
    "next week", "tomorrow", "by 20", "soon", "in the near future", "in the long run",
    "in the long term", "in the medium term", "in the short term", "after the elections",
    "is bound to", "are bound to", "forecast", "predict", "expect", "will be able",
)  # fmt: skip
FUTURE_RU = (
    "будет", "будут", "будем", "буду", "станет", "станут", "сможет", "смогут", "придется",
    "придётся", "в будущем", "в ближайшие", "в ближайшее", "в ближайшем", "в следующем году",
    "в перспективе", "завтра", "в скором", "вскоре", "к 20", "неизбежно", "неизбежен",
    "неизбежна", "вряд ли", "скорее всего", "прогноз", "ожидается", "после выборов",
    "в долгосрочной", "в среднесрочной", "в краткосрочной", "грядущ",
)  # fmt: skip
MODAL_EN = ("may", "might", "could", "possible", "possibly", "perhaps", "likely",
            "unlikely", "probably")  # fmt: skip
MODAL_RU = ("может", "могут", "возможно", "вероятно", "не исключено", "маловероятно",
            "вероятность")  # fmt: skip
PRESCRIPTION_EN = (
    "should", "must", "need to", "needs to", "needed to", "has to", "have to", "ought to",
    "it is necessary", "it is important to", "it is essential", "is necessary to",
    "the first issue is", "the main task is", "the task is", "the priority is", "is a must",
    "it is vital", "it is crucial", "the first thing is", "it is time to",
    "we need", "they need", "there is a need",
)  # fmt: skip
PRESCRIPTION_RU = (
    "должен", "должна", "должно", "должны", "нужно", "необходимо", "следует", "надо",
    "важно", "стоит", "нужен", "нужна", "нужны", "требуется", "предстоит", "задача",
    "необходима", "необходим", "нельзя", "следовало бы", "пора",
)  # fmt: skip
NEGATIONS_EN = ("not", "no", "never", "n't", "neither", "nor", "without")
NEGATIONS_RU = ("не", "нет", "ни", "никогда", "без")
# Lead-ins with no content of their own: "China is a different story", "Другое дело — …".
LEAD_INS = ("another matter", "a different matter", "a different story", "another story",
            "another question", "a different question", "the harder question", "the real question",
            "the second reason is", "the third reason is", "the first reason is",
            "security angle", "too early to tell", "too early to say", "другое дело",
            "отдельный вопрос", "другой вопрос", "иная история", "другая история")  # fmt: skip

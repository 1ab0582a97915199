"""The words on embed pages and in the web component, in English and Russian."""

from typing import Literal

Lang = Literal["en", "ru"]
Theme = Literal["light", "dark", "auto"]


class Words(dict[str, str]):
    """A language's labels, read in templates as `L.name`: Jinja tries an attribute before an item,
    and on a plain dict that failed attribute lookup (an exception) came with every label used."""

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "claims": "Forecasts",
        "no_claims": "No claims match this query.",
        "source": "source",
        "stated": "Stated",
        "by": "by",
        "horizon": "Horizon",
        "no_horizon": "no date given",
        "confidence": "Confidence",
        "no_confidence": "no probability stated",
        "outcome": "Outcome",
        "open": "open",
        "overdue": "overdue",
        "topics": "Topics",
        "json": "JSON",
        "csv": "CSV",
        "next": "More",
        "data_from": "Data: Forecast Ledger",
        "error": "This widget cannot be shown",
        "scorecard": "Track record",
        "resolved": "resolved",
        "scored": "scored",
        "forecasts": "forecasts",
        "brier": "Brier",
        "calibration": "Calibration",
        "calibration_note": "Forecast probability against how often it came true; n per bin.",
        "bin": "Bin",
        "count": "n",
        "mean_forecast": "Mean forecast",
        "observed": "Came true",
        "over_time": "Claims over time",
        "year": "Year",
        "recent": "Recent claims",
        "proposition": "Proposition",
        "stance_split": "For and against",
        "for": "for",
        "against": "against",
        "consensus": "Consensus",
        "mean": "mean",
        "median": "median",
        "positions": "Who says what",
        "resolve_by": "Resolves by",
        "loading": "Loading…",
        "forecast": "forecast",
        "assessment": "assessment",
        "prescription": "prescription",
        "true": "came true",
        "false": "did not happen",
        "partly": "partly",
        "ambiguous": "ambiguous",
        "annulled": "annulled",
        "virtually-certain": "virtually certain",
        "almost-certain": "almost certain",
        "very-likely": "very likely",
        "likely": "likely",
        "probable": "probable",
        "plain-future": "stated as fact",
        "about-as-likely-as-not": "about as likely as not",
        "chances-about-even": "chances about even",
        "possible": "possible",
        "probably-not": "probably not",
        "unlikely": "unlikely",
        "very-unlikely": "very unlikely",
        "almost-certainly-not": "almost certainly not",
        "not": "not",
    },
    "ru": {
        "claims": "Прогнозы",
        "no_claims": "Под этот запрос не подходит ни одно утверждение.",
        "source": "источник",
        "stated": "Сказано",
        "by": "до",
        "horizon": "Срок",
        "no_horizon": "срок не назван",
        "confidence": "Уверенность",
        "no_confidence": "вероятность не названа",
        "outcome": "Исход",
        "open": "не решён",
        "overdue": "срок прошёл",
        "topics": "Темы",
        "json": "JSON",
        "csv": "CSV",
        "next": "Ещё",
        "data_from": "Данные: Forecast Ledger",
        "error": "Виджет не может быть показан",
        "scorecard": "Послужной список",
        "resolved": "решено",
        "scored": "оценено",
        "forecasts": "прогнозов",
        "brier": "Брайер",
        "calibration": "Калибровка",
        "calibration_note": "Названная вероятность и то, как часто прогноз сбывался; n в корзине.",
        "bin": "Корзина",
        "count": "n",
        "mean_forecast": "Средний прогноз",
        "observed": "Сбылось",
        "over_time": "Утверждения по годам",
        "year": "Год",
        "recent": "Последние утверждения",
        "proposition": "Тезис",
        "stance_split": "За и против",
        "for": "за",
        "against": "против",
        "consensus": "Консенсус",
        "mean": "среднее",
        "median": "медиана",
        "positions": "Кто что говорит",
        "resolve_by": "Решится до",
        "loading": "Загрузка…",
        "forecast": "прогноз",
        "assessment": "оценка",
        "prescription": "рекомендация",
        "true": "сбылся",
        "false": "не сбылся",
        "partly": "отчасти",
        "ambiguous": "неясно",
        "annulled": "аннулирован",
        "virtually-certain": "практически наверняка",
        "almost-certain": "почти наверняка",
        "very-likely": "очень вероятно",
        "likely": "вероятно",
        "probable": "скорее всего",
        "plain-future": "сказано как факт",
        "about-as-likely-as-not": "равновероятно",
        "chances-about-even": "шансы примерно равны",
        "possible": "возможно",
        "probably-not": "скорее нет",
        "unlikely": "маловероятно",
        "very-unlikely": "очень маловероятно",
        "almost-certainly-not": "почти наверняка нет",
        "not": "не",
    },
}


LABELS = {lang: Words(words) for lang, words in _LABELS.items()}


def labels(lang: str) -> Words:
    """The labels of `lang`, English for anything else."""
    return LABELS.get(lang, LABELS["en"])


def band(name: str, words: dict[str, str]) -> str:
    """A band's name in words; a flipped band (`not-likely`) is "not" and the band it flips."""
    if name.startswith("not-"):
        return f"{words['not']} {band(name.removeprefix('not-'), words)}"
    return words.get(name, name.replace("-", " "))

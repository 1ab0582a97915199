"""Language detection on a prefix of the text: cheap enough to run on every article."""

import py3langid

PREFIX = 400


def detect(text: str) -> str:
    """The text's language as a BCP 47 tag, guessed from its first characters."""
    sample = text[:PREFIX]
    if not sample.strip():
        return "und"
    language, _score = py3langid.classify(sample)
    return str(language)


EXTRACTED = ("en", "ru")  # the languages the rules read


def extracted(language: str) -> bool:
    """Whether the rules read this BCP 47 tag's language (`en-GB` is English)."""
    return language.split("-", 1)[0].lower() in EXTRACTED

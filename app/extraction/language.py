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

"""The Thai and English message catalogues: every user-facing string comes from here."""

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Returns the message catalogue of a language (key -> text with {placeholders})."""
    return json.loads((MESSAGES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def translate(lang: str, key: str, **values) -> str:
    """Returns the message for key in lang, with placeholders filled; the key itself if unknown."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


class Translator:
    """Binds a language, so that a page can write `t("kpi.coverage")`."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values) -> str:
        return translate(self.lang, key, **values)

"""The Thai and English message catalogues: every user-facing string comes from here."""

import json
import re
import string
from functools import cache
from pathlib import Path

LANGUAGES = ("th", "en")
DEFAULT_LANGUAGE = "th"
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
# Markdown (CommonMark, GFM's autolinks and Streamlit's :colour[...] and :emoji: directives) gives meaning only to
# ASCII punctuation, and lets a backslash escape any of it.
_MARKDOWN_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# GFM turns http://..., www.... and user@host into links even when their punctuation is escaped: an invisible word
# joiner after the scheme's colon, after an @ and after "www" keeps them text.
_AUTOLINK = re.compile(r"(\\[:@]|(?i:www)(?=\\\.))")
WORD_JOINER = "\u2060"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Returns the message catalogue of a language (key -> text with {placeholders})."""
    return json.loads((MESSAGES_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def translate(lang: str, key: str, **values) -> str:
    """Returns the message for key in lang, with placeholders filled; the key itself if unknown."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def escape_markdown(text: object) -> str:
    """Returns text that Markdown shows exactly as written: every ASCII punctuation character backslash-escaped and
    autolinks broken by an invisible word joiner, so no value from data becomes a link, an image, a heading or a
    colour (names, venues, comments, file names)."""
    return _AUTOLINK.sub(r"\1" + WORD_JOINER, _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(text)))


def counted(key: str, count: int) -> str:
    """Returns the catalogue key of a sentence about a count: '<key>_one' for exactly one (English's singular; the
    Thai catalogue repeats its sentence), else key."""
    return f"{key}_one" if count == 1 else key


def localised_column(stem: str, lang: str) -> str:
    """Returns the column that holds `stem` in a language: 'name_th', 'province_en', 'short_th'... (every table and
    frame names its Thai and English text `<stem>_th` and `<stem>_en`; an unknown language reads Thai)."""
    return f"{stem}_{lang if lang in LANGUAGES else DEFAULT_LANGUAGE}"


class Translator:
    """Binds a language, so that a page can write `t("kpi.coverage")`."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values) -> str:
        return translate(self.lang, key, **values)

    def column(self, stem: str = "name") -> str:
        """Returns the column that holds `stem` in this language (see `localised_column`)."""
        return localised_column(stem, self.lang)

    def md(self, key: str, **values) -> str:
        """Returns the message for Markdown (st.caption, st.info, st.markdown...): the catalogue's own formatting
        kept, every value escaped by escape_markdown."""
        return translate(self.lang, key, **{name: escape_markdown(value) for name, value in values.items()})

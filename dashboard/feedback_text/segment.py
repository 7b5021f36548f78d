"""Clean-up and Thai word segmentation of comments: pythainlp's newmm, offline, its dictionary plus domain words."""

import hashlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable

from dashboard.feedback_text.themes import DOMAIN_WORDS, EXTRA_STOPWORDS, NOT_WORDS, THEMES

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_WHITESPACE = re.compile(r"\s+")
_SPACE_BEFORE_REPEAT = re.compile(r" ๆ")  # ใหม่ ๆ and ใหม่ๆ are the same word
_FOUR_POINT_ZERO = re.compile(r"(ไทยแลนด์|thailand|ประเทศไทย) ?4\.0")
_THAI_DIGIT = re.compile("[๐-๙]")
_TO_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_LETTER = re.compile(r"[ก-ฮa-z]")  # a word needs a Thai consonant or a Latin letter: drops digits, ๆ, punctuation
CACHED_COMMENTS = 1 << 18  # above the ~150,000 comments of a scale-10 year: a full pass must not evict


@lru_cache(maxsize=CACHED_COMMENTS)
def clean_text(comment: str | None) -> str:
    """Returns the comment lower-cased, zero-width characters dropped, Thai digits as 0-9, spaces single."""
    if not isinstance(comment, str):
        return ""
    text = _ZERO_WIDTH.sub("", comment).replace("\u0e4d\u0e32", "\u0e33").lower()
    if _THAI_DIGIT.search(text):
        text = text.translate(_TO_ARABIC_DIGITS)
    text = _SPACE_BEFORE_REPEAT.sub("ๆ", _WHITESPACE.sub(" ", text).strip())
    return _FOUR_POINT_ZERO.sub(r"\1 4.0", text)


def has_text(cleaned: str) -> bool:
    """Returns whether a cleaned comment says anything: at least one Thai consonant or Latin letter ("-" does not)."""
    return _LETTER.search(cleaned) is not None


@dataclass(frozen=True)
class _Segmenter:
    word_tokenize: Callable[..., list[str]]
    dictionary: object  # a WordTrie, used by newmm as its pythainlp.util.Trie
    stopwords: frozenset[str]


class WordTrie:
    """The dictionary newmm segments with, in a compact C++ trie (marisa-trie): the same words and prefixes as
    pythainlp's own Trie, in about 7 MB instead of about 60 MB of Python nodes."""

    def __init__(self, words: set[str]):
        import marisa_trie

        self._trie = marisa_trie.Trie(words)
        self._longest = max(map(len, words), default=0)

    @classmethod
    def mapped(cls, path: Path, words: Callable[[], set[str]]) -> "WordTrie":
        """Returns the trie saved at path, memory-mapped (pages shared and read on demand); builds it from words()
        and saves it there first when the file is missing. Falls back to a trie in memory if it cannot be saved."""
        import marisa_trie

        if not path.is_file():
            built = cls(words())
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                built._trie.save(str(partial))
                os.replace(partial, path)
            except OSError:
                return built
        trie = cls.__new__(cls)
        trie._trie = marisa_trie.Trie()
        trie._trie.mmap(str(path))
        trie._longest = max(map(len, trie._trie.iterkeys()), default=0)
        return trie

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """Returns the words that start at `start` in text, shortest first (what newmm asks of its Trie)."""
        return self._trie.prefixes(text[start:start + self._longest])

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)

    def __iter__(self):
        return iter(self._trie)


def _use_writable_data_folder() -> None:
    # pythainlp creates ~/pythainlp-data on import unless told otherwise; point it at the temp folder instead.
    if not os.environ.get("PYTHAINLP_DATA") and not os.environ.get("PYTHAINLP_DATA_DIR"):
        os.environ["PYTHAINLP_DATA"] = os.path.join(tempfile.gettempdir(), "pythainlp-data")


def _dictionary_file() -> Path:
    # Named by everything its words come from, so a new pythainlp or a changed word list makes a new file.
    from importlib.metadata import version

    source = "\n".join([version("pythainlp"), version("marisa-trie"), *sorted(NOT_WORDS), "", *sorted(DOMAIN_WORDS)])
    digest = hashlib.sha256(source.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "labour-dashboard" / f"thai-words-{digest}.marisa"


@cache
def _segmenter() -> _Segmenter:
    _use_writable_data_folder()
    from pythainlp.corpus import thai_stopwords, thai_words  # bundled files: nothing is downloaded
    from pythainlp.tokenize import word_tokenize
    # Mapped from a file built once: pythainlp's 62,000-word list is read only to build it (about 20 MB less per
    # server, and several servers share the pages).
    dictionary = WordTrie.mapped(_dictionary_file(), lambda: (set(thai_words()) - set(NOT_WORDS)) | set(DOMAIN_WORDS))
    keywords = {keyword for theme in THEMES.values() for keyword in theme.keywords}
    stopwords = (set(thai_stopwords()) | set(EXTRA_STOPWORDS)) - keywords - set(DOMAIN_WORDS)
    return _Segmenter(word_tokenize, dictionary, frozenset(stopwords))


@cache
def _chunk_pattern() -> re.Pattern:
    """Returns the pattern of a space-free run of text, domain words with a space ("ไทยแลนด์ 4.0") kept whole."""
    spaced = sorted((re.escape(word) for word in DOMAIN_WORDS if " " in word), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(spaced)}|\\S)+" if spaced else r"\S+")


@lru_cache(maxsize=CACHED_COMMENTS)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    seg = _segmenter()
    found = seg.word_tokenize(chunk, custom_dict=seg.dictionary, engine="newmm", keep_whitespace=False)
    return tuple(sys.intern(word) for word in found if word and not word.isspace())  # one copy of each word


@lru_cache(maxsize=CACHED_COMMENTS)
def _chunk_content_words(chunk: str) -> tuple[str, ...]:
    stopwords = _segmenter().stopwords
    return tuple(word for word in _chunk_words(chunk) if _LETTER.search(word) and word not in stopwords)


@lru_cache(maxsize=CACHED_COMMENTS)
def words(cleaned: str) -> tuple[str, ...]:
    """Returns every word of a cleaned comment in order (stop-words included), whitespace dropped."""
    # Thai writers put a space between phrases, and phrases repeat across comments far more than whole
    # comments do: segmenting phrase by phrase lets the cache answer most of a new comment.
    return tuple(chain.from_iterable(map(_chunk_words, _chunk_pattern().findall(cleaned))))


@lru_cache(maxsize=CACHED_COMMENTS)
def content_words(cleaned: str) -> tuple[str, ...]:
    """Returns the words of a cleaned comment that carry meaning: no stop-words, digits or punctuation."""
    # Word by word, phrase by phrase: a phrase's meaningful words are worked out once, like its segmentation.
    return tuple(chain.from_iterable(map(_chunk_content_words, _chunk_pattern().findall(cleaned))))


def tokens(comment: str) -> list[str]:
    """Returns the comment's words: lower-cased Latin, stop-words, punctuation, digits and spaces removed."""
    return list(content_words(clean_text(comment)))

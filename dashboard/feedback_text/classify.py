"""Themes and sentiment of one comment, by curated keywords and cue words (see docs/feedback-themes.md)."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from dashboard.feedback_text.segment import CACHED_COMMENTS, clean_text, words
from dashboard.feedback_text.themes import (
    CONTRAST_WORDS, COURTESY_CUES, INTERROGATIVES, NEGATION_REACH, NEGATIVE_CUES, NEGATORS,
    NOT_REQUESTS_AFTER_KHO, POSITIVE_CUES, SUGGESTION_CUES, THEMES,
)

POSITIVE, NEGATIVE, SUGGESTION = "positive", "negative", "suggestion"
SENTIMENTS = (POSITIVE, NEGATIVE, SUGGESTION)
_CONTRAST_WEIGHT = 2.0
_COURTESY_WEIGHT = 0.5


@dataclass(frozen=True)
class _KeywordIndex:
    themes_by_word: dict[str, frozenset[str]]
    phrases: tuple[tuple[str, str], ...]  # (phrase with whitespace removed, theme code)


@cache
def _keyword_index() -> _KeywordIndex:
    by_word: dict[str, set[str]] = defaultdict(set)
    phrases = []
    for theme in THEMES.values():
        for keyword in theme.keywords:
            key = clean_text(keyword)
            split = words(key)
            if len(split) == 1:
                by_word[split[0]].add(theme.code)
            else:
                phrases.append((key.replace(" ", ""), theme.code))
    return _KeywordIndex({word: frozenset(codes) for word, codes in by_word.items()}, tuple(phrases))


@lru_cache(maxsize=CACHED_COMMENTS)
def themes_of(cleaned: str) -> tuple[str, ...]:
    """Returns the theme codes (THEMES order) whose keywords a cleaned comment contains."""
    index = _keyword_index()
    found: set[str] = set().union(*filter(None, map(index.themes_by_word.get, set(words(cleaned)))))
    squeezed = cleaned.replace(" ", "")
    for phrase, code in index.phrases:
        if code not in found and phrase in squeezed:
            found.add(code)
    return tuple(code for code in THEMES if code in found)


def comment_themes(comment: str) -> list[str]:
    """Returns the codes of the themes a comment matches, in THEMES order (none for an empty comment)."""
    return list(themes_of(clean_text(comment)))


@cache
def _cues() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Returns the cue word runs by their first word, longest first, each with its kind."""
    kinds = {"suggestion": SUGGESTION_CUES, "negative": NEGATIVE_CUES, "positive": POSITIVE_CUES,
             "negator": NEGATORS, "contrast": CONTRAST_WORDS}
    by_first: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
    for kind, cues in kinds.items():
        for cue in cues:
            run = words(clean_text(cue))
            by_first[run[0]].setdefault(run, kind)
    return {first: tuple(sorted(runs.items(), key=lambda item: -len(item[0]))) for first, runs in by_first.items()}


def _cue_at(comment_words: tuple[str, ...], i: int) -> tuple[tuple[str, ...], str] | None:
    for run, kind in _cues().get(comment_words[i], ()):
        if comment_words[i:i + len(run)] == run:
            return run, kind
    return None


def _asks(comment_words: tuple[str, ...], i: int, run: tuple[str, ...]) -> bool:
    """Returns whether a suggestion cue at i really asks: not after ไหน/ใด ("which ... should"), not ขอชื่นชม."""
    if i > 0 and comment_words[i - 1] in INTERROGATIVES:
        return False
    after = comment_words[i + len(run)] if i + len(run) < len(comment_words) else ""
    return not (run == ("ขอ",) and after in NOT_REQUESTS_AFTER_KHO)


@lru_cache(maxsize=CACHED_COMMENTS)
def sentiment_of(cleaned: str) -> str:
    """Returns the sentiment of a cleaned comment: suggestion if it asks, else the sign of its cue score."""
    comment_words = words(cleaned)
    score, weight, complained, i = 0.0, 1.0, False, 0
    while i < len(comment_words):
        cue = _cue_at(comment_words, i)
        if cue is None:
            i += 1
            continue
        run, kind = cue
        if kind == "suggestion" and _asks(comment_words, i, run):
            return SUGGESTION
        if kind == "contrast":
            weight = _CONTRAST_WEIGHT
        elif kind == "negator":
            polarity, end = -1.0, i + len(run)
            for j in range(end, min(end + NEGATION_REACH, len(comment_words))):
                target = _cue_at(comment_words, j)
                if target and target[1] in ("positive", "negative"):
                    polarity, end = (-1.0 if target[1] == "positive" else 1.0), j + len(target[0])
                    break
            score += polarity * weight
            complained |= polarity < 0
            i = end
            continue
        elif kind == "positive":
            score += weight * (_COURTESY_WEIGHT if "".join(run) in COURTESY_CUES else 1.0)
        elif kind == "negative":
            score -= weight
            complained = True
        i += len(run)
    return NEGATIVE if score < 0 or (score == 0 and complained) else POSITIVE


def sentiment(comment: str) -> str:
    """Returns "suggestion" when the comment asks for something, else "negative" or "positive" by its cue words."""
    return sentiment_of(clean_text(comment))

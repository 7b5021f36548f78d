"""Feedback comments in bulk: themes with counts, ratings, sentiment and quotes; uncovered terms; search."""

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.feedback_text.classify import SENTIMENTS, sentiment_of, themes_of
from dashboard.feedback_text.segment import ZERO_WIDTH, clean_text, content_words, has_text
from dashboard.feedback_text.themes import GENERIC_WORDS, THEMES

SUMMARY_COLUMNS = ("theme", "name_th", "name_en", "comments", "mean_overall", *SENTIMENTS, "quotes")
TERM_COLUMNS = ("term", "count")
QUOTE_TOP_WORDS = 10  # a quote is scored by how many of the theme's most frequent words it has
_THAI = re.compile(r"[ก-๛]")
_DIGIT_RUN = re.compile(r"(?<!\d)\d[\d\- ]*\d(?!\d)")
PHONE_DIGITS = 9  # a run of this many digits or more (phone, ID card) is masked in quotes
_DISPLAY_NOISE = re.compile(f"[{ZERO_WIDTH}]")


@dataclass(frozen=True)
class _Comments:
    """The distinct comments of a frame and which rows wrote them; rows without text are left out."""

    texts: list[str]  # distinct comments as written
    cleaned: list[str]
    rows: np.ndarray  # positions in the frame of the rows with a comment
    codes: np.ndarray  # for each of those rows, its distinct comment
    writers: np.ndarray  # for each distinct comment, how many rows wrote it


def _distinct_comments(feedback: pd.DataFrame) -> _Comments:
    codes, uniques = pd.factorize(feedback["comment"], use_na_sentinel=True)
    texts = [u if isinstance(u, str) else "" for u in uniques]
    cleaned = [clean_text(text) for text in texts]
    said = np.array([has_text(c) for c in cleaned], dtype=bool)
    rows = np.flatnonzero((codes >= 0) & said[np.maximum(codes, 0)]) if len(said) else np.array([], dtype=int)
    row_codes = codes[rows]
    return _Comments(texts, cleaned, rows, row_codes, np.bincount(row_codes, minlength=len(texts)))


def _ratings(feedback: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    overall = pd.to_numeric(feedback["overall"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[rows]
    return np.where((overall >= 1) & (overall <= 5), overall, np.nan)


@dataclass(frozen=True)
class _Words:
    """The distinct content words of each used comment, as parallel arrays (one entry per comment and word)."""

    comment: np.ndarray  # the distinct comment
    word: np.ndarray  # the word's rank in sorted order of all the words (so ties break alphabetically)
    vocabulary: int  # how many distinct words


def _word_table(comments: _Comments, used: np.ndarray) -> _Words:
    """Returns one entry per (distinct comment, distinct content word) of the used comments."""
    pairs = [(i, word) for i in used for word in dict.fromkeys(content_words(comments.cleaned[i]))]
    rank, vocabulary = pd.factorize(pd.Series([word for _, word in pairs], dtype=object), sort=True)
    return _Words(np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs)), rank.astype(np.int64),
                  len(vocabulary))


def _mask_number(match: re.Match) -> str:
    return "…" if sum(c.isdigit() for c in match.group()) >= PHONE_DIGITS else match.group()


def _quote_text(text: str) -> str:
    return _DIGIT_RUN.sub(_mask_number, " ".join(_DISPLAY_NOISE.sub("", text).split()))


def _quotes(comments: _Comments, members: np.ndarray, words: _Words, in_members: np.ndarray, order: dict,
            n: int) -> list[str]:
    """Returns up to n different comments of a theme: about it alone first, then sharing most of its top words.

    `in_members` marks the entries of `words` whose comment is a member; `order` holds, per distinct comment, how
    many themes it has, how many words and the first response id's rank.
    """
    if n <= 0:
        return []
    theme_comment, theme_word = words.comment[in_members], words.word[in_members]
    frequency = np.bincount(theme_word, weights=comments.writers[theme_comment], minlength=words.vocabulary)
    present = np.flatnonzero(np.bincount(theme_word, minlength=words.vocabulary))
    top = present[np.lexsort((present, -frequency[present]))[:QUOTE_TOP_WORDS]]  # most writers, then alphabetical
    is_top = np.zeros(words.vocabulary, dtype=bool)
    is_top[top] = True
    shared = np.bincount(theme_comment[is_top[theme_word]], minlength=len(comments.texts))[members]
    ranked = members[np.lexsort((order["first_id"][members], order["length"][members], -shared,
                                 order["themes"][members]))]
    chosen: dict[frozenset[str], str] = {}
    for i in ranked:
        said = frozenset(content_words(comments.cleaned[i])) - set(GENERIC_WORDS)  # ขอบคุณครับ/ค่ะ alone differ
        chosen.setdefault(said, _quote_text(comments.texts[i]))
        if len(chosen) == n:
            break
    return list(chosen.values())


def _first_response_order(response_ids: np.ndarray, codes: np.ndarray, n_comments: int) -> np.ndarray:
    """Returns per comment the rank of the first response (smallest id) that wrote it among the comments' first
    responses. In numpy: a pandas group-by of the id strings would run in Arrow's query engine, whose import (with
    its file systems) keeps about 11 MB in the server for this one use."""
    id_rank = pd.factorize(response_ids, sort=True)[0]
    first_rank = np.full(n_comments, np.iinfo(np.int64).max)
    np.minimum.at(first_rank, codes, id_rank)
    written = np.unique(codes)
    order = np.zeros(n_comments, dtype=np.int64)
    order[written] = pd.factorize(first_rank[written], sort=True)[0]
    return order


def summarise_themes(feedback: pd.DataFrame, *, quotes: int = 3) -> pd.DataFrame:
    """Returns per theme with comments: count, mean overall rating (1-5), sentiment counts and quotes."""
    comments = _distinct_comments(feedback)
    codes = list(THEMES)
    in_theme = np.zeros((len(comments.cleaned), len(codes)), dtype=bool)
    column = {code: t for t, code in enumerate(codes)}
    for i in np.flatnonzero(comments.writers > 0):
        in_theme[i, [column[code] for code in themes_of(comments.cleaned[i])]] = True
    tone = np.array([SENTIMENTS.index(sentiment_of(c)) if n else -1 for c, n in zip(comments.cleaned, comments.writers)],
                    dtype=int)
    row_themes, row_tone = in_theme[comments.codes], tone[comments.codes]
    overall = _ratings(feedback, comments.rows)
    rated = row_themes & ~np.isnan(overall)[:, None]
    counts = row_themes.sum(axis=0)
    if not counts.any():
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    rating_sum = np.where(rated, np.nan_to_num(overall)[:, None], 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_overall = np.round(rating_sum / rated.sum(axis=0), 2)
    used = np.flatnonzero(comments.writers > 0)
    words = _word_table(comments, used)
    first_id = _first_response_order(feedback["response_id"].to_numpy()[comments.rows], comments.codes,
                                     len(comments.texts))
    order = {"themes": in_theme.sum(axis=1), "first_id": first_id,
             "length": np.bincount(words.comment, minlength=len(comments.texts))}
    summary = []
    for t in np.argsort(-counts, kind="stable"):
        if counts[t] == 0:
            break
        theme = THEMES[codes[t]]
        members = used[in_theme[used, t]]
        summary.append({
            "theme": theme.code, "name_th": theme.name_th, "name_en": theme.name_en, "comments": int(counts[t]),
            "mean_overall": None if np.isnan(mean_overall[t]) else float(mean_overall[t]),
            **{name: int((row_themes[:, t] & (row_tone == k)).sum()) for k, name in enumerate(SENTIMENTS)},
            "quotes": _quotes(comments, members, words, in_theme[words.comment, t], order, quotes),
        })
    return pd.DataFrame(summary, columns=list(SUMMARY_COLUMNS))


def _phrase(first: str, second: str) -> str:
    return first + second if _THAI.search(first[-1]) and _THAI.search(second[0]) else f"{first} {second}"


def uncovered_terms(feedback: pd.DataFrame, *, top: int = 15, min_count: int = 3) -> pd.DataFrame:
    """Returns the words and two-word phrases most often in comments of no theme (count = comments using them)."""
    comments = _distinct_comments(feedback)
    counts: dict[str, int] = {}
    parts: dict[str, tuple[str, str]] = {}
    generic = set(GENERIC_WORDS)
    for i in np.flatnonzero(comments.writers > 0):
        if themes_of(comments.cleaned[i]):
            continue
        found = content_words(comments.cleaned[i])
        terms = {word for word in found if word not in generic}
        for first, second in zip(found, found[1:]):
            if first not in generic and second not in generic and first != second:
                phrase = _phrase(first, second)
                parts[phrase] = (first, second)
                terms.add(phrase)
        for term in terms:
            counts[term] = counts.get(term, 0) + int(comments.writers[i])
    frequent = {term: n for term, n in counts.items() if n >= min_count}
    # A word met only inside one frequent phrase is that phrase: list the phrase alone.
    covered = {word for phrase, pair in parts.items() if phrase in frequent
               for word in pair if frequent.get(word, 0) <= frequent[phrase]}
    table = pd.DataFrame([(term, n) for term, n in frequent.items() if term not in covered], columns=list(TERM_COLUMNS))
    table = table.astype({"term": "str", "count": "int64"})
    return table.sort_values(["count", "term"], ascending=[False, True]).head(top).reset_index(drop=True)


def search_keys(comments: pd.Series) -> pd.Series:
    """Returns per comment the text a search looks in: cleaned, without spaces and zero-width characters, Latin in
    lower case; "" for a missing comment or one with no text. Computed once per distinct comment."""
    codes, uniques = pd.factorize(comments, use_na_sentinel=True)
    cleaned = (clean_text(comment).replace(" ", "") for comment in uniques)
    keys = np.array([key if has_text(key) else "" for key in cleaned] + [""], dtype=object)  # last: missing
    return pd.Series(keys[codes], index=comments.index, dtype=object)


def search_comments(feedback: pd.DataFrame, query: str, keys: pd.Series | None = None) -> pd.DataFrame:
    """Returns the rows whose comment contains the query, spaces and zero-width characters and Latin case ignored;
    `keys`: the comments' search_keys when already computed (a page searching the same comments again)."""
    wanted = clean_text(query).replace(" ", "")
    keys = search_keys(feedback["comment"]) if keys is None else keys
    return feedback[(keys != "") & keys.str.contains(wanted, regex=False)]

"""Thai free-text analysis of seminar feedback: words, themes, sentiment, theme summary, uncovered terms, search.

Offline: pythainlp's newmm tokenizer with its bundled dictionary plus our domain words (`themes.DOMAIN_WORDS`),
imported on first use with its data folder in the temp folder when PYTHAINLP_DATA is not set. Every analysis is
memoised per distinct comment, so a page re-run on the same comments costs almost nothing. The themes,
keywords and sentiment cues are data in `themes.py`, documented in docs/feedback-themes.md.
"""

from dashboard.feedback_text.classify import SENTIMENTS, comment_themes, sentiment
from dashboard.feedback_text.segment import tokens
from dashboard.feedback_text.summary import search_comments, search_keys, summarise_themes, uncovered_terms
from dashboard.feedback_text.themes import THEMES, Theme

__all__ = [
    "SENTIMENTS", "THEMES", "Theme", "comment_themes", "search_comments", "search_keys", "sentiment", "summarise_themes",
    "tokens", "uncovered_terms",
]

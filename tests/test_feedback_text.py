"""Thai free-text analysis of seminar feedback: known answers on hand-written comments."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.demo.comments import COMMENT_BANK, ONLINE_SENTENCES
from dashboard.feedback_text import (
    THEMES, comment_themes, search_comments, search_keys, sentiment, summarise_themes, tokens, uncovered_terms,
)

ZWSP = "\u200b"

# (response id, comment, overall rating, themes, sentiment): answers worked out by hand from docs/feedback-themes.md.
COMMENTS = [
    ("FB-01", "วิทยากรมีความรู้ อธิบายเข้าใจง่าย", 5, ["speakers"], "positive"),
    ("FB-02", "เวลาแลกเปลี่ยนเรียนรู้กับพี่เลี้ยงน้อยไป", 2, ["exchange_time"], "negative"),
    ("FB-03", "อยากให้เพิ่มเวลาแลกเปลี่ยนเรียนรู้ วิทยากรดีมาก", 4, ["exchange_time", "speakers"], "suggestion"),
    ("FB-04", "วิทยากรอธิบายไม่ชัดเจน", 2, ["speakers"], "negative"),  # ไม่ + a positive word
    ("FB-05", "ห้องประชุมร้อน อาหารไม่อร่อย", 1, ["venue_food"], "negative"),
    ("FB-06", "ค่าเดินทางไม่เพียงพอ ต้องสำรองจ่ายเอง", 2, ["budget_travel"], "negative"),
    ("FB-07", "ควรจัดอบรมอาสาสมัครแรงงานอย่างต่อเนื่องทุกปี", 4, ["more_training"], "suggestion"),
    ("FB-08", "นำความรู้ไปปรับใช้ในพื้นที่ได้จริง", 5, ["applicability"], "positive"),
    ("FB-09", "การประสานงานกับสำนักงานจัดหางานล่าช้า", 2, ["coordination"], "negative"),
    ("FB-10", "อสร. สูงอายุใช้แอปพลิเคชันไม่เป็น", 3, ["technology"], "negative"),
    ("FB-11", "เอกสารประกอบการบรรยายชัดเจนดีมาก", 4, ["speakers", "documents_content"], "positive"),
    ("FB-12", "กำหนดการช่วงบ่ายแน่นเกินไป", 3, ["duration_schedule"], "negative"),
    ("FB-13", "น้ำท่วมหนัก เดินทางมาลำบาก", 2, [], "negative"),
    ("FB-14", "พื้นที่น้ำท่วม ชาวบ้านเดือดร้อน อยากให้ช่วยเหลือ", 3, [], "suggestion"),
    ("FB-15", "ขอให้ช่วยเหลือผู้ประสบภัยน้ำท่วม", 4, [], "suggestion"),
    ("FB-16", None, 5, [], None),
    ("FB-17", "", 4, [], None),
    ("FB-18", f"  {ZWSP} ", 1, [], None),
    ("FB-19", "-", 3, [], None),
    ("FB-20", f"อาหาร{ZWSP}ว่างอร่อย ห้องประชุมเย็นสบาย", 5, ["venue_food"], "positive"),
    ("FB-21", "ใช้ LINE กลุ่มส่งงานสะดวกดี", None, ["technology"], "positive"),
    ("FB-22", "ประสานงานพี่เลี้ยงที่เบอร์ 081-234-5678 ได้สะดวก", 4, ["coordination"], "positive"),
]
WRITTEN = [row for row in COMMENTS if row[4] is not None]


@pytest.fixture
def feedback() -> pd.DataFrame:
    return pd.DataFrame([row[:3] for row in COMMENTS], columns=["response_id", "comment", "overall"])


def test_domain_words_stay_whole():
    found = tokens("พี่เลี้ยงและอาสาสมัครแรงงานได้แลกเปลี่ยนเรียนรู้ร่วมกัน")
    assert found[:3] == ["พี่เลี้ยง", "อาสาสมัครแรงงาน", "แลกเปลี่ยนเรียนรู้"]
    assert "แลกเปลี่ยน" not in found and "และ" not in found  # not split; stop-word dropped
    assert tokens("สอดคล้องกับไทยแลนด์ ๔.๐ และ Thailand 4.0") == ["สอดคล้อง", "ไทยแลนด์ 4.0", "thailand 4.0"]


def test_tokens_drop_digits_punctuation_space_and_lower_latin():
    assert tokens("ใช้ LINE  อบรม 2 วัน ๆ!!") == ["line", "อบรม"]
    assert tokens(f"อาหาร{ZWSP}ว่าง") == ["อาหารว่าง"]
    assert tokens("") == [] and tokens(None) == []


@pytest.mark.parametrize("response_id, comment, overall, themes, tone", WRITTEN, ids=[row[0] for row in WRITTEN])
def test_comment_themes(response_id, comment, overall, themes, tone):
    assert comment_themes(comment) == themes


@pytest.mark.parametrize("response_id, comment, overall, themes, tone", WRITTEN, ids=[row[0] for row in WRITTEN])
def test_sentiment(response_id, comment, overall, themes, tone):
    assert sentiment(comment) == tone


@pytest.mark.parametrize("comment, tone", [
    ("วิทยากรสอนสนุก ไม่น่าเบื่อ", "positive"),  # ไม่ + a negative word
    ("ขอชื่นชมทีมงาน", "positive"),  # ขอ before praise asks nothing
    ("ยังไม่ชัดเจนว่าเรื่องแบบไหนควรส่งต่อ", "negative"),  # "which ... should" is not a request
    ("วิทยากรดีมาก อาหารอร่อย แต่ห้องร้อน", "negative"),  # the clause after แต่ weighs double: 2 - 2, a complaint
    ("ห้องร้อน แต่วิทยากรดีมาก", "positive"),  # -1 + 2
    ("ห้องประชุมร้อน ขอบคุณทีมงาน ขอบคุณวิทยากร", "negative"),  # a thank-you weighs half: -1 + 0.5 + 0.5
    ("ไม่มีปัญหาอะไร", "positive"),
])
def test_sentiment_cues(comment, tone):
    assert sentiment(comment) == tone


def test_keywords_match_words_not_parts_of_words():
    assert comment_themes("บรรยากาศสงบ") == []  # งบ (budget) is inside สงบ
    assert comment_themes("ประชุมออนไลน์") == ["technology"]
    assert comment_themes("ไลน์กลุ่ม") == ["technology"]


def test_summarise_themes_counts_means_and_sentiment(feedback):
    summary = summarise_themes(feedback)
    assert list(summary.columns) == ["theme", "name_th", "name_en", "comments", "mean_overall",
                                     "positive", "negative", "suggestion", "quotes"]
    table = summary.set_index("theme")[["comments", "mean_overall", "positive", "negative", "suggestion"]]
    expected = pd.DataFrame.from_records([
        ("speakers", 4, 3.75, 2, 1, 1),  # FB-01, 03, 04, 11: (5 + 4 + 2 + 4) / 4
        ("exchange_time", 2, 3.0, 0, 1, 1),  # FB-02, 03
        ("venue_food", 2, 3.0, 1, 1, 0),  # FB-05, 20
        ("coordination", 2, 3.0, 1, 1, 0),  # FB-09, 22
        ("technology", 2, 3.0, 1, 1, 0),  # FB-10, 21 (not rated): mean of those who rated
        ("applicability", 1, 5.0, 1, 0, 0),
        ("more_training", 1, 4.0, 0, 0, 1),
        ("budget_travel", 1, 2.0, 0, 1, 0),
        ("documents_content", 1, 4.0, 1, 0, 0),
        ("duration_schedule", 1, 3.0, 0, 1, 0),
    ], columns=["theme", "comments", "mean_overall", "positive", "negative", "suggestion"]).set_index("theme")
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    assert summary.loc[summary["theme"] == "speakers", "name_th"].item() == THEMES["speakers"].name_th


def test_quotes_come_from_the_theme_and_carry_no_identity(feedback):
    summary = summarise_themes(feedback, quotes=2).set_index("theme")
    # Comments about speakers alone come first, the one sharing more of the theme's words before the other.
    assert summary.loc["speakers", "quotes"] == ["วิทยากรมีความรู้ อธิบายเข้าใจง่าย", "วิทยากรอธิบายไม่ชัดเจน"]
    assert summary.loc["venue_food", "quotes"] == ["ห้องประชุมร้อน อาหารไม่อร่อย", "อาหารว่างอร่อย ห้องประชุมเย็นสบาย"]
    by_text = {comment.replace(ZWSP, ""): themes for _, comment, _, themes, _ in WRITTEN}
    for theme, quotes in summary["quotes"].items():
        assert 1 <= len(quotes) <= 2
        for quote in quotes:
            assert "FB-" not in quote and "081" not in quote and "5678" not in quote
            assert theme in next(themes for text, themes in by_text.items()
                                 if text.replace("081-234-5678", "…") == quote)
    assert summarise_themes(feedback, quotes=0)["quotes"].map(len).eq(0).all()


@settings(max_examples=10, deadline=None)
@given(st.permutations(range(len(COMMENTS))))
def test_summary_does_not_depend_on_row_order(order):
    rows = pd.DataFrame([COMMENTS[i][:3] for i in order], columns=["response_id", "comment", "overall"])
    base = pd.DataFrame([row[:3] for row in COMMENTS], columns=["response_id", "comment", "overall"])
    pd.testing.assert_frame_equal(summarise_themes(rows), summarise_themes(base))


def test_uncovered_terms_finds_a_new_topic(feedback):
    assert uncovered_terms(feedback).to_dict("records") == [{"term": "น้ำท่วม", "count": 3}]
    assert uncovered_terms(feedback, min_count=2).to_dict("records") == [
        {"term": "น้ำท่วม", "count": 3}, {"term": "ช่วยเหลือ", "count": 2}]
    assert uncovered_terms(feedback, min_count=2, top=1)["term"].tolist() == ["น้ำท่วม"]


def test_uncovered_terms_lists_a_frequent_phrase_instead_of_its_words():
    roads = pd.DataFrame({"comment": ["ถนนลื่นมาก", "ถนนลื่นอันตราย", "ถนนลื่นเพราะฝนตก", "วิทยากรดี"]})
    assert uncovered_terms(roads).to_dict("records") == [{"term": "ถนนลื่น", "count": 3}]


def test_search_finds_thai_substrings_ignoring_spaces_zero_width_and_case(feedback):
    def ids(query):
        return search_comments(feedback, query)["response_id"].tolist()

    assert ids("น้ำท่วม") == ["FB-13", "FB-14", "FB-15"]
    assert ids("อาหารว่าง") == ["FB-20"]  # written with a zero-width space inside
    assert ids(f"อาหาร {ZWSP}ว่าง") == ["FB-20"]
    assert ids("line") == ids("LINE") == ["FB-21"]
    assert ids("ไม่มีคำนี้") == []
    assert ids("") == ids("  ") == [row[0] for row in WRITTEN]
    assert list(search_comments(feedback, "ท่วม").columns) == ["response_id", "comment", "overall"]
    keys = search_keys(feedback["comment"])   # computed once, searched many times: the same rows
    for query in ("น้ำท่วม", f"อาหาร {ZWSP}ว่าง", "LINE", "ไม่มีคำนี้", ""):
        assert search_comments(feedback, query, keys=keys).equals(search_comments(feedback, query))
    assert keys[feedback["response_id"] == "FB-20"].item() == "อาหารว่างอร่อยห้องประชุมเย็นสบาย" and (keys == "").sum() == len(feedback) - len(WRITTEN)


def test_empty_and_missing_comments_are_ignored(feedback):
    blank = feedback[feedback["response_id"].isin(["FB-16", "FB-17", "FB-18", "FB-19"])]
    assert summarise_themes(blank).empty and list(summarise_themes(blank).columns)[0] == "theme"
    assert uncovered_terms(blank).empty and list(uncovered_terms(blank).columns) == ["term", "count"]
    assert search_comments(blank, "").empty
    assert summarise_themes(feedback)["comments"].sum() == sum(len(row[3]) for row in WRITTEN)
    assert comment_themes(None) == [] and comment_themes("") == []


def test_demo_bank_sentences_get_their_own_theme_and_tone():
    sentences = [(theme, tone, text) for theme, tones in COMMENT_BANK.items() if theme != "general"
                 for tone, texts in tones.items() for text in texts]
    themed = [theme in comment_themes(text) for theme, _, text in sentences]
    toned = [sentiment(text) == tone for _, tone, text in sentences]
    assert sum(themed) / len(themed) >= 0.9
    assert sum(toned) / len(toned) >= 0.95
    assert all(sentiment(text) == tone for tone, texts in ONLINE_SENTENCES.items() for text in texts)


def test_every_theme_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "feedback-themes.md").read_text(encoding="utf-8")
    for theme in THEMES.values():
        assert f"`{theme.code}`" in doc and theme.name_th in doc and theme.name_en in doc
        assert all(keyword in doc for keyword in theme.keywords), theme.code


def test_pythainlp_runs_offline_and_leaves_home_alone(tmp_path):
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP_")}
    env.update(HOME=str(home), TMPDIR=str(temp), PYTHONPATH=str(Path(__file__).parents[1]))
    script = (
        "import json, os, socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from dashboard.feedback_text import sentiment, tokens\n"
        "print(json.dumps([tokens('พี่เลี้ยงแลกเปลี่ยนเรียนรู้'), sentiment('ดีมาก'), os.environ['PYTHAINLP_DATA']]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    words, tone, data_folder = json.loads(done.stdout)
    assert words == ["พี่เลี้ยง", "แลกเปลี่ยนเรียนรู้"] and tone == "positive"
    assert Path(data_folder) == temp / "pythainlp-data"
    assert list(home.iterdir()) == []

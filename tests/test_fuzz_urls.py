"""Hostile links (issue 10): every URL parameter of every page, fuzzed with hypothesis through AppTest.

Each page is opened through the app's navigation and cold by its own script (a deep link on a fresh server)
with generated parameters: random Unicode (no lone surrogates, which a URL cannot carry in UTF-8; NUL, RTL
marks, Thai digits and emoji included), SQL metacharacters, values of 10,000+ characters, repeated keys,
unknown keys, and valid values mixed in. Every run must end without an exception or the page-failed message,
show the page's title, show one "ignored" notice for each value that is not valid (and none for a valid
one), and leave only valid filter values in the link it writes back.

CI runs a fixed set of examples (derandomized), FUZZ_EXAMPLES of them per page and way in (default 12: with the
three explicit examples, 180 AppTest runs, about 30 s). A bigger run, with new random examples each time:
    FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 /work/venv/bin/python -m pytest tests/test_fuzz_urls.py -q
"""

import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.runtime.state.query_params import CLIENT_STATE_QUERY_STRING_MAX_LENGTH
from streamlit.testing.v1 import AppTest

from dashboard.db.connection import Database
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from dashboard.thai import to_arabic_digits
from dashboard.ui.filters import fiscal_year_options
from tests.apptest import APP, ROOT

PAGES = {"overview": "overview.title", "coverage": "coverage.title", "mentors": "mentors.title",
         "seminars": "seminars.title", "outcomes": "outcomes.title", "planning": "planning.title",
         "briefing": "briefing.page_title",
         "data": "data.title"}
FILTER_KEYS = ("lang", "region", "province", "fy")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
                database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])

REGIONS = ("N", "NE", "C", "E", "W", "S")

URL_CHARACTERS = st.characters(exclude_categories=("Cs",))   # a lone surrogate has no UTF-8 form
SPECIAL = ["\x00", "\u200f", "\u202e", "\u200b", "\ufeff", "\u0e50\u0e51\u0e52", "๒๕๖๘", "😀", "👷🏽‍♀️", "'", '";--',
           "%", "_", "\\", "%27%20OR%201%3D1", "' OR '1'='1", "83; DROP TABLE volunteers; --", "<script>", "\r\n",
           ",", ",,", " ", "&", "=", "+", "#", "?", "NaN", "-1", "1e9", "2568.0", "0x10", "9" * 5000, "ไทย"]
hostile_text = st.one_of(
    st.text(URL_CHARACTERS, max_size=40),
    st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=5).map("".join),
    st.tuples(st.text(URL_CHARACTERS, min_size=1, max_size=4), st.integers(10_000, 12_000))
      .map(lambda pair: (pair[0] * pair[1])[:pair[1]]),
)
VALID = {
    "lang": ["th", "en", "EN", " en "],
    "fy": ["2569", "2568", "๒๕๖๘", " 2567 ", "2566", "2565"],   # 2565: before the data, not valid
    "region": ["NE", "s", "C", ""],
    "province": ["83", "10", "๘๓", "83,10", "50, 40"],
    "seminar": [""],
    "metric": ["coverage_pct", "seats_filled_pct", "seats"],         # Coverage's map colour
    "threshold": ["80", "90", "๙๐", " 100 ", "0", "1001"],           # Mentor load's threshold, 1-1000
}
VIEW_KEYS = ("seminar", "metric", "threshold")   # a page's own choices, kept in the link by that page
UNKNOWN_KEYS = st.one_of(st.sampled_from(["embed", "embed_options", "view", "page", "Threshold", "map",
                                          "FY", "Province", "province ", "lang[]", ""]),
                         st.text(URL_CHARACTERS, max_size=12)).filter(lambda k: k not in (*FILTER_KEYS, *VIEW_KEYS))


def _values(key: str):
    one = st.one_of(st.sampled_from(VALID[key]), hostile_text)
    return st.lists(one, min_size=1, max_size=3).map(lambda vs: vs[0] if len(vs) == 1 else vs)


query_params = st.tuples(
    st.fixed_dictionaries({}, optional={key: _values(key) for key in (*FILTER_KEYS, *VIEW_KEYS)}),
    st.dictionaries(UNKNOWN_KEYS, _values("lang"), max_size=2),
).map(lambda known_unknown: {**known_unknown[1], **known_unknown[0]})


class Known:
    """What the hand-made database offers: its fiscal years (newest first), {region: its provinces} and seminar ids."""

    def __init__(self, years: list[int], by_region: dict[str, set[str]], seminars: set[str]):
        self.years, self.by_region, self.seminars = years, by_region, seminars

    def __repr__(self) -> str:
        return "<the hand-made database>"


@pytest.fixture(scope="module")
def known_links(known_db) -> Known:
    import duckdb

    with duckdb.connect(str(known_db), read_only=True) as con:
        provinces = con.execute("SELECT region_code, province_code FROM provinces").fetchall()
        seminars = {row[0] for row in con.execute("SELECT seminar_id FROM seminars").fetchall()}
    by_region: dict[str, set[str]] = {}
    for region, province in provinces:
        by_region.setdefault(region, set()).add(province)
    assert set(by_region) == set(REGIONS) and len(provinces) == 77
    database = Database(known_db)
    years = fiscal_year_options(database)   # the fiscal-year filter's choices
    database.close()
    assert years == [2569, 2568, 2567, 2566]   # from the first activity to the data date, 30 Sep 2026
    return Known(years, by_region, seminars)


def open_with(page: str, params: dict, *, cold: bool) -> AppTest:
    """Runs a page through navigation, or cold by its own script, with any query parameters (tests/apptest.py's
    open_page takes them as keyword arguments, which a key such as "page" or "cold" would collide with)."""
    if cold:
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    else:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page(f"pages/{page}.py")
    at.query_params.update(params)
    return at.run()


def _parsed(parse, raw: str):
    try:
        return parse(raw.strip())
    except (ValueError, TypeError):
        return None


def expected_notices(page: str, params: dict, known: Known) -> tuple[str, list[tuple[str, str]]]:
    """Returns the page's language and the (key, value) pairs the link notice must name, by the documented rules:
    the last value of a single-valued key counts; provinces may repeat or be comma-separated; a province must be in
    the chosen region; Thai digits count as digits; a link over Streamlit's length limit is dropped whole."""
    if len(urlencode(params, doseq=True)) > CLIENT_STATE_QUERY_STRING_MAX_LENGTH:
        return DEFAULT_LANGUAGE, []
    values = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    notices: list[tuple[str, str]] = []

    def single(key, parse, allowed, default):
        if key not in values:
            return default
        parsed = _parsed(parse, values[key][-1])
        if parsed in allowed:
            return parsed
        notices.append((key, values[key][-1]))
        return default

    lang = single("lang", str.lower, LANGUAGES, DEFAULT_LANGUAGE)
    single("fy", lambda raw: int(to_arabic_digits(raw)), known.years, known.years[0])
    region = single("region", str.upper, ("", *REGIONS), "")
    allowed = set().union(*known.by_region.values()) if not region else known.by_region[region]
    parts = [part for raw in values.get("province", []) for part in raw.split(",") if part.strip()]
    for part in parts:
        if _parsed(lambda raw: to_arabic_digits(raw).strip().zfill(2), part) not in allowed:
            notices.append(("province", part))
    if page == "seminars":
        assert not any(v.strip() in known.seminars for v in values.get("seminar", [])), "generated a real seminar id"
        single("seminar", str, ("",), "")
    if page == "coverage":
        single("metric", str, ("coverage_pct", "seats_filled_pct"), "coverage_pct")
    if page == "mentors":
        single("threshold", int, range(1, 1001), 80)
    return lang, notices


def check_run(at: AppTest, page: str, params: dict, known: Known) -> None:
    lang, notices = expected_notices(page, params, known)
    t = Translator(lang)
    assert not at.exception, [e.value for e in at.exception]
    failed = tuple(Translator(lang)("error.page", ref="").split("(")[0] for lang in LANGUAGES)
    assert not [e.value for e in at.error if e.value.startswith(failed)], "the page failed"
    assert [e.value for e in at.error] == []
    assert t(PAGES[page]) in [title.value for title in at.title]
    shown = sorted(w.value for w in at.main.warning)
    assert shown == sorted(t.md("url.ignored", name=key, value=raw[:40]) for key, raw in notices)
    if len(urlencode(params, doseq=True)) > CLIENT_STATE_QUERY_STRING_MAX_LENGTH:
        return   # Streamlit dropped the link before the app saw it, and leaves it as it was
    written = {key: value if isinstance(value, list) else [value] for key, value in at.query_params.items()}
    assert set(written.get("lang", [])) <= set(LANGUAGES)
    assert set(written.get("fy", [])) <= {str(y) for y in known.years}
    assert set(written.get("region", [])) <= set(REGIONS)
    assert set(written.get("province", [])) <= set().union(*known.by_region.values())
    if page == "seminars":
        assert "seminar" not in written   # no generated seminar value is valid, and "" is the default
    if page == "coverage":   # the page's own choice: written back valid, and only when it is not the default
        assert set(written.get("metric", [])) <= {"seats_filled_pct"}
    if page == "mentors":
        assert all(v.isdigit() and 1 <= int(v) <= 1000 and int(v) != 80 for v in written.get("threshold", []))


OVERFLOW = {"fy": "abc", "province": ["83", "x" * (CLIENT_STATE_QUERY_STRING_MAX_LENGTH + 1)]}
REPEATED = {"fy": ["abc", "2568"], "region": ["S", "ไทย"], "province": ["83", "10,๘๓,", "1' OR '1'='1"],
            "lang": ["en", "th\x00"], "seminar": ["'; DROP TABLE seminars; --"], "embed_options": "x"}


@pytest.mark.parametrize("cold", [False, True], ids=["navigation", "cold"])
@pytest.mark.parametrize("page", list(PAGES))
@FUZZ
@given(params=query_params)
@example(params=OVERFLOW)
@example(params=REPEATED)
@example(params={"region": "NE"})   # found by the fuzzer: a region without mentors failed the Mentor load page
def test_any_link_opens_the_page_and_ignores_what_is_not_valid(app_env, known_links, page, cold, params):
    check_run(open_with(page, params, cold=cold), page, params, known_links)


def test_the_oracle_itself_on_a_known_link(app_env, known_links):
    """The expectations above, worked by hand for one link, so the oracle cannot drift into agreeing with anything."""
    lang, notices = expected_notices("seminars", REPEATED, known_links)
    assert lang == DEFAULT_LANGUAGE   # the last lang value, "th\x00", is not a language
    assert notices == [("lang", "th\x00"), ("region", "ไทย"), ("province", "1' OR '1'='1"),
                       ("seminar", "'; DROP TABLE seminars; --")]
    at = open_with("seminars", REPEATED, cold=False)
    shown = [w.value for w in at.main.warning]
    assert "ไม่รู้จักค่า region=ไทย ในลิงก์ จึงใช้ค่าเริ่มต้นแทน" in shown and len(shown) == 4
    assert at.query_params == {"fy": "2568", "province": ["10", "83"], "embed_options": "x"}

"""The usual way a Streamlit dashboard is written, on the same questions as our pages, for comparison.

Load the tables into pandas frames (once and keep them: baseline a; or again on every rerun: baseline b), then
filter and aggregate per rerun. Only the computation is timed, not drawing: the baselines' page times would
be higher still, so the ratios we report are conservative.
"""

import statistics
import sys
import time
from datetime import date

import duckdb
import pandas as pd

TABLES = ("subdistricts", "districts", "provinces", "volunteers", "mentors", "activities", "seminars", "attendance",
          "feedback")
FIRST_FY = 2552


def load_frames(path) -> dict[str, pd.DataFrame]:
    """Returns every table the pages use as a pandas frame (what `@st.cache_data def load()` usually holds)."""
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute("SET enable_progress_bar = false")   # it would write into the benchmark's --json output
        return {name: con.execute(f"SELECT * FROM {name}").df() for name in TABLES}


def _fy_end(fy: int) -> pd.Timestamp:
    return pd.Timestamp(date(fy - 543, 9, 30))


def _fy_start(fy: int) -> pd.Timestamp:
    return pd.Timestamp(date(fy - 543 - 1, 10, 1))


def _scope(t: dict, provinces: list[str], region: str | None) -> set[str]:
    p = t["provinces"]
    if region:
        p = p[p["region_code"] == region]
    return set(provinces) & set(p["province_code"]) if provinces else set(p["province_code"])


def _serving(v: pd.DataFrame, ts: pd.Timestamp) -> pd.DataFrame:
    term_end = v["term_ends_on"].where(v["term_ends_on"].notna(), v["registered_on"] + pd.DateOffset(years=3))
    return v[(v["registered_on"] <= ts) & (ts < term_end) & (v["left_on"].isna() | (v["left_on"] > ts))]


def _coverage(t: dict, codes: set[str], ts: pd.Timestamp, by: str) -> pd.DataFrame:
    sub = t["subdistricts"][t["subdistricts"]["province_code"].isin(codes)]
    serving = _serving(t["volunteers"], ts)
    covered = set(serving["subdistrict_code"])
    return (sub.assign(covered=sub["subdistrict_code"].isin(covered))
            .groupby(by).agg(subdistricts=("subdistrict_code", "size"), covered=("covered", "sum"))
            .assign(coverage_pct=lambda f: 100 * f["covered"] / f["subdistricts"]))


def _kpis(t: dict, codes: set[str], fy: int) -> dict:
    ts = _fy_end(fy)
    serving_all = _serving(t["volunteers"], ts)
    serving = serving_all[serving_all["province_code"].isin(codes)]
    m = t["mentors"]
    m = m[m["province_code"].isin(codes) & (m["started_on"] <= ts) & (m["left_on"].isna() | (m["left_on"] > ts))]
    load = serving_all.groupby("mentor_id").size().reindex(m["mentor_id"], fill_value=0)
    a = t["activities"]
    window = a[(a["activity_date"] > ts - pd.Timedelta(days=90)) & (a["activity_date"] <= ts)]
    s = t["seminars"]
    s = s[(s["fiscal_year"] == fy) & s["province_code"].isin(codes)]
    f = t["feedback"][t["feedback"]["seminar_id"].isin(set(s["seminar_id"]))]
    return {"serving": len(serving), "coverage": _coverage(t, codes, ts, "province_code")["covered"].sum(),
            "mentors": len(m), "load_mean": load.mean(), "overloaded": int((load > 80).sum()),
            "engaged": int(serving["volunteer_id"].isin(set(window["volunteer_id"])).sum()),
            "seminars": len(s), "attendance": int(t["attendance"]["seminar_id"].isin(set(s["seminar_id"])).sum()),
            "satisfaction": f["overall"].mean()}


def _year_activities(t: dict, fy: int) -> pd.DataFrame:
    """The whole country's activities of the fiscal year (1 October to 30 September), each with the province and
    district of its volunteer (an activity belongs to them)."""
    a = t["activities"]
    a = a[(a["activity_date"] >= _fy_start(fy)) & (a["activity_date"] <= _fy_end(fy))]
    return a.merge(t["volunteers"][["volunteer_id", "province_code", "district_code"]], on="volunteer_id")


def _outcomes(t: dict, codes: set[str], fy: int, acts: pd.DataFrame | None = None) -> dict:
    acts = _year_activities(t, fy) if acts is None else acts
    acts = acts[acts["province_code"].isin(codes)]
    serving = _serving(t["volunteers"], _fy_end(fy))
    serving = serving[serving["province_code"].isin(codes)]
    types = acts["activity_type"].value_counts()
    refers = acts.loc[acts["activity_type"] == "refer", "referred_to"].fillna("unspecified")
    active = int(serving["volunteer_id"].isin(acts["volunteer_id"].unique()).sum())
    return {"activities": len(acts), "people_reached": int(acts["people_reached"].fillna(0).sum()),
            "identified": int(types.get("identify", 0)), "screened": int(types.get("screen", 0)),
            "referred": int(types.get("refer", 0)), "referrals_by_department": refers.value_counts().to_dict(),
            "active_volunteers": active, "active_pct": 100 * active / len(serving) if len(serving) else None,
            "activities_per_volunteer": len(acts) / len(serving) if len(serving) else None}


def _outcome_areas(acts: pd.DataFrame, serving: pd.DataFrame, area: str) -> pd.DataFrame:
    """Per area (`area`: province_code or district_code): serving and active volunteers, activities, people reached,
    the referral chain's counts, and activities and people reached per serving volunteer, fewest first."""
    done = acts.groupby(area).agg(activities=("activity_id", "size"), people_reached=("people_reached", "sum"))
    chain = pd.crosstab(acts[area], acts["activity_type"]).reindex(columns=["identify", "screen", "refer"],
                                                                   fill_value=0)
    volunteers = (serving.assign(active=serving["volunteer_id"].isin(acts["volunteer_id"].unique()))
                  .groupby(area).agg(serving=("volunteer_id", "size"), active=("active", "sum")))
    areas = volunteers.join([done, chain], how="outer").fillna(0)
    return (areas.assign(dormant=areas["serving"] - areas["active"],
                         per_volunteer=areas["activities"] / areas["serving"],
                         reached_per_volunteer=areas["people_reached"] / areas["serving"])
            .sort_values("per_volunteer"))


def _overview(t: dict, codes: set[str], fy: int) -> None:
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    _outcomes(t, codes, fy), _outcomes(t, codes, fy - 1)
    for year in range(FIRST_FY, fy + 1):
        _coverage(t, codes, _fy_end(year), "province_code")["covered"].sum()
    _coverage(t, codes, _fy_end(fy), "province_code").nsmallest(10, "coverage_pct")


def _coverage_page(t: dict, codes: set[str], fy: int) -> None:
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    ts = _fy_end(fy)
    _coverage(t, codes, ts, "province_code"), _coverage(t, codes, _fy_end(fy - 1), "province_code")
    _coverage(t, codes, ts, "district_code")
    serving = _serving(t["volunteers"], ts)
    sub = t["subdistricts"][t["subdistricts"]["province_code"].isin(codes)]
    sub[~sub["subdistrict_code"].isin(set(serving["subdistrict_code"]))].merge(t["districts"], on="district_code")


def _mentors_page(t: dict, codes: set[str], fy: int) -> None:
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    for year in range(FIRST_FY, fy + 1):
        ts = _fy_end(year)
        serving = _serving(t["volunteers"], ts)
        serving[serving["province_code"].isin(codes)].groupby("mentor_id").size().describe()
    ts = _fy_end(fy)
    serving = _serving(t["volunteers"], ts)
    loads = serving.groupby("mentor_id").size().rename("load").reset_index()
    loads.merge(t["mentors"], on="mentor_id").query("province_code in @codes").groupby("province_code")["load"].agg(
        ["count", "mean", "max"])


def _seminars_page(t: dict, codes: set[str], fy: int) -> None:
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    s = t["seminars"][(t["seminars"]["fiscal_year"] == fy) & t["seminars"]["province_code"].isin(codes)]
    att = t["attendance"].merge(s[["seminar_id"]], on="seminar_id")
    people = pd.concat([t["mentors"][["mentor_id", "province_code"]].rename(columns={"mentor_id": "person_id"}),
                        t["volunteers"][["volunteer_id", "province_code"]].rename(columns={"volunteer_id": "person_id"})])
    att.merge(people, on="person_id", how="left").groupby("province_code").size()
    f = t["feedback"].merge(s[["seminar_id"]], on="seminar_id")
    f.groupby("seminar_id")[["overall", "content", "speakers", "venue_rating", "applicability"]].mean()
    years = t["feedback"].merge(t["seminars"][["seminar_id", "fiscal_year", "province_code"]], on="seminar_id",
                                suffixes=("", "_s"))
    years[years["province_code_s"].isin(codes)].groupby("fiscal_year")["overall"].mean()
    f["comment"].dropna().str.lower().str.split().explode().value_counts().head(50)


def _briefing_page(t: dict, codes: set[str], fy: int) -> None:
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    _coverage(t, codes, _fy_end(fy), "province_code").nsmallest(3, "coverage_pct")
    _coverage(t, codes, _fy_end(fy - 1), "province_code")
    acts = _year_activities(t, fy)
    _outcomes(t, codes, fy, acts), _outcomes(t, codes, fy - 1)
    serving = _serving(t["volunteers"], _fy_end(fy))
    areas = _outcome_areas(acts[acts["province_code"].isin(codes)], serving[serving["province_code"].isin(codes)],
                           "district_code" if len(codes) == 1 else "province_code")
    areas[(areas["identify"] > 0) & (areas["screen"] == 0)].sort_values("identify", ascending=False)


def _outcomes_page(t: dict, codes: set[str], fy: int) -> None:
    acts = _year_activities(t, fy)
    _outcomes(t, codes, fy, acts), _outcomes(t, codes, fy - 1)
    scoped = acts[acts["province_code"].isin(codes)]
    scoped.groupby([scoped["activity_date"].dt.to_period("M"), "activity_type", scoped["referred_to"].fillna("")]).agg(
        activities=("activity_id", "size"), people_reached=("people_reached", "sum"))
    serving = _serving(t["volunteers"], _fy_end(fy))
    mine = serving[serving["province_code"].isin(codes)]
    per_volunteer = (mine.merge(scoped.groupby("volunteer_id").size().rename("activities"), on="volunteer_id",
                                how="left").fillna({"activities": 0})
                     .merge(t["subdistricts"][["subdistrict_code", "name_th", "name_en"]], on="subdistrict_code",
                            how="left")
                     .merge(t["districts"][["district_code", "name_th", "name_en"]], on="district_code", how="left",
                            suffixes=("_subdistrict", "_district")))
    pd.cut(per_volunteer["activities"], [-1, 0, 2, 5, 10, float("inf")]).value_counts(sort=False)
    per_volunteer[per_volunteer["activities"] == 0]   # the dormant, to follow up
    _outcome_areas(scoped, mine, "district_code" if len(codes) == 1 else "province_code").head(10)
    _outcome_areas(acts, serving, "province_code")   # the map compares every province


def _planning_page(t: dict, codes: set[str], fy: int) -> None:
    """The Planning page's questions: this year against the targets (the KPIs, coverage per province), the rates of
    the last three years (renewals at each 3-year mark, early leavers, recruits), the coverage pace of the last five,
    and next year's seats per district (empty now, terms ending, renewals expected)."""
    _kpis(t, codes, fy), _kpis(t, codes, fy - 1)
    _coverage(t, codes, _fy_end(fy), "province_code")
    v = t["volunteers"][t["volunteers"]["province_code"].isin(codes)]
    term_end = v["term_ends_on"].where(v["term_ends_on"].notna(), v["registered_on"] + pd.DateOffset(years=3))
    rates = []
    for year in range(fy - 2, fy + 1):
        start, end = _fy_start(year), _fy_end(year)
        marks = pd.concat([v.assign(mark=v["registered_on"] + pd.DateOffset(years=3 * k), term_end=term_end)
                           for k in (1, 2, 3, 4, 5, 6)])
        marks = marks[(marks["mark"] >= start) & (marks["mark"] <= end) & (marks["mark"] <= marks["term_end"])]
        stayed = marks["left_on"].isna() | (marks["left_on"] > marks["mark"])
        rates.append(marks.assign(renewed=stayed & (marks["mark"] < marks["term_end"]))
                     .groupby("province_code")["renewed"].agg(["sum", "size"]))
        v[(v["registered_on"] >= start) & (v["registered_on"] <= end)].groupby("province_code").size()
        v[(v["left_on"] >= start) & (v["left_on"] <= end) & (v["left_on"] < term_end)].groupby("province_code").size()
    for year in range(fy - 5, fy + 1):
        _coverage(t, codes, _fy_end(year), "province_code")["covered"]
    serving = _serving(v, _fy_end(fy))
    ending = serving[term_end.loc[serving.index] <= _fy_end(fy + 1)]
    seats = t["subdistricts"][t["subdistricts"]["province_code"].isin(codes)].set_index("subdistrict_code")
    filled = serving.groupby("subdistrict_code").size().reindex(seats.index, fill_value=0)
    due = ending.groupby("subdistrict_code").size().reindex(seats.index, fill_value=0)
    seats.assign(empty=seats["volunteer_target"] - filled.clip(upper=seats["volunteer_target"]),
                 ending=filled.clip(upper=seats["volunteer_target"])
                 - (filled - due).clip(upper=seats["volunteer_target"])).groupby("district_code")[
        ["empty", "ending"]].sum()


PAGES = {"overview": _overview, "coverage": _coverage_page, "mentors": _mentors_page, "seminars": _seminars_page,
         "outcomes": _outcomes_page, "planning": _planning_page, "briefing": _briefing_page}


def baseline_page(frames: dict, page: str, provinces: list[str], region: str | None, fy: int) -> None:
    """Computes, with pandas on the frames, what the page shows for the filter."""
    PAGES[page](frames, _scope(frames, provinces, region), fy)


def measure_baselines(path, repeat: int, pages: list[str], filters: dict) -> tuple[dict, dict]:
    """Returns per page the median ms of baseline (a) cached frames and (b) frames re-read per rerun, over the
    filters ({name: (provinces, region, fiscal year or None)})."""
    frames = load_frames(path)
    cached, reload = {}, {}
    for page in pages:
        times_a, times_b = [], []
        for provinces, region, fy in filters.values():
            for _ in range(repeat):
                started = time.perf_counter()
                baseline_page(frames, page, provinces, region, fy or 2569)
                times_a.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            baseline_page(load_frames(path), page, provinces, region, fy or 2569)
            times_b.append(1000 * (time.perf_counter() - started))
        cached[page], reload[page] = statistics.median(times_a), statistics.median(times_b)
        print(f"# baseline {page}: (a) {cached[page]:.0f} ms, (b) {reload[page]:.0f} ms", file=sys.stderr, flush=True)
    return cached, reload

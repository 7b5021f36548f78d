"""The contract's KPIs recomputed in plain pandas from the raw tables: a second, independent implementation."""

from datetime import date

import duckdb
import pandas as pd


def _add_months(d: date, months: int) -> date:
    return (pd.Timestamp(d) + pd.DateOffset(months=months)).date()


def independent_kpis(path, province_codes: list[str], fiscal_year: int, d: date, threshold: int = 80) -> dict:
    """Returns the contract KPIs for the provinces (all when empty) at reference date d, with the outcomes of the
    fiscal year to d."""
    with duckdb.connect(str(path), read_only=True) as con:
        t = {name: con.execute(f"SELECT * FROM {name}").df() for name in
             ("subdistricts", "volunteers", "mentors", "activities", "seminars", "attendance", "feedback")}
    codes = set(province_codes) or set(t["subdistricts"]["province_code"])
    ts = pd.Timestamp(d)

    sub = t["subdistricts"][t["subdistricts"]["province_code"].isin(codes)]
    v = t["volunteers"].copy()
    v["term_end"] = v["term_ends_on"].where(v["term_ends_on"].notna(),
                                            v["registered_on"] + pd.DateOffset(years=3))
    serving_all = v[(v["registered_on"] <= ts) & (ts < v["term_end"]) & (v["left_on"].isna() | (v["left_on"] > ts))]
    serving = serving_all[serving_all["province_code"].isin(codes)]
    per_sub = serving.groupby("subdistrict_code").size()
    seats = sub.set_index("subdistrict_code")["volunteer_target"]
    filled = int(per_sub.reindex(seats.index, fill_value=0).clip(upper=seats).sum())

    m = t["mentors"]
    m = m[m["province_code"].isin(codes) & (m["started_on"] <= ts) & (m["left_on"].isna() | (m["left_on"] > ts))]
    load = serving_all.groupby("mentor_id").size().reindex(m["mentor_id"], fill_value=0)

    a = t["activities"]
    window = a[(a["activity_date"] >= ts - pd.Timedelta(days=89)) & (a["activity_date"] <= ts)]
    engaged = serving["volunteer_id"].isin(set(window["volunteer_id"])).sum()
    ending_limit = pd.Timestamp(_add_months(d, 6))

    s = t["seminars"].copy()
    start = s["start_date"]
    derived = start.dt.year + 543 + (start.dt.month >= 10).astype(int)
    s["fy"] = s["fiscal_year"].where(s["fiscal_year"].notna(), derived)
    s_year = s[s["fy"] == fiscal_year]
    s_scope = s_year[s_year["province_code"].isin(codes)]
    att = t["attendance"][t["attendance"]["seminar_id"].isin(set(s_scope["seminar_id"]))]
    f = t["feedback"].merge(s_year[["seminar_id", "province_code"]], on="seminar_id", suffixes=("", "_seminar"))
    f = f[f["province_code"].fillna(f["province_code_seminar"]).isin(codes)]
    gain = (f["knowledge_after"] - f["knowledge_before"]).dropna()

    def r(x):
        return None if x is None or pd.isna(x) else round(float(x), 2)

    # Outcomes: the activities of the scope's volunteers from 1 October of the fiscal year to d
    fy_start = pd.Timestamp(date(fiscal_year - 544, 10, 1))
    own = set(v.loc[v["province_code"].isin(codes), "volunteer_id"])
    acts = a[(a["activity_date"] >= fy_start) & (a["activity_date"] <= ts) & a["volunteer_id"].isin(own)]
    refers = acts[acts["activity_type"] == "refer"]
    by_department = {"employment": 0, "skill": 0, "social_security": 0, "labour_protection": 0}
    for department, n in refers["referred_to"].fillna("unspecified").value_counts().items():
        by_department[department] = int(n)
    active = int(serving["volunteer_id"].isin(set(acts["volunteer_id"])).sum())

    return {
        "subdistricts": len(sub), "covered_subdistricts": int((per_sub > 0).sum()),
        "coverage_pct": r(100 * (per_sub > 0).sum() / len(sub)) if len(sub) else None,
        "seat_target": int(seats.sum()), "seats_filled": filled,
        "seats_filled_pct": r(100 * filled / seats.sum()) if seats.sum() else None,
        "serving_volunteers": len(serving), "serving_mentors": len(m),
        "mentor_load_mean": r(load.mean()) if len(load) else None,
        "mentor_load_max": int(load.max()) if len(load) else None,
        "overloaded_mentors": int((load > threshold).sum()),
        "engaged_volunteers": int(engaged),
        "terms_ending_6m": int((serving["term_end"] <= ending_limit).sum()),
        "seminars": len(s_scope), "attendance": len(att), "feedback_responses": len(f),
        "satisfaction_mean": r(f["overall"].mean()) if len(f) else None,
        "satisfaction_top2_pct": r(100 * (f["overall"] >= 4).mean()) if len(f) else None,
        "knowledge_gain": r(gain.mean()) if len(gain) else None,
        "activities": len(acts), "people_reached": int(acts["people_reached"].fillna(0).sum()),
        "identified": int((acts["activity_type"] == "identify").sum()),
        "screened": int((acts["activity_type"] == "screen").sum()), "referred": len(refers),
        "referrals_by_department": by_department, "active_volunteers": active,
        "active_volunteers_pct": r(100 * active / len(serving)) if len(serving) else None,
        "activities_per_volunteer": r(len(acts) / len(serving)) if len(serving) else None,
    }

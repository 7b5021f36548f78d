"""The Mentor load page's tables with translated headers, as shown and as downloaded (pure)."""

import pandas as pd

from dashboard.i18n import Translator


def _office(t: Translator, province: str) -> str:
    return t("mentors.office", province=province)


def mentor_table(loads: pd.DataFrame, t: Translator, *, show_names: bool) -> pd.DataFrame:
    """Returns one row per serving mentor: id, office, (name), load, engaged in 90 days, years mentoring."""
    province = loads["province_th" if t.lang == "th" else "province_en"]
    table = pd.DataFrame({t("mentors.col.mentor"): loads["mentor_id"],
                          t("mentors.col.office"): [_office(t, p) for p in province]})
    if show_names:
        table[t("mentors.col.name")] = loads["full_name"].fillna("")
    table[t("mentors.col.load")] = loads["load"]
    table[t("mentors.col.engaged")] = loads["engaged"]
    table[t("mentors.col.years")] = loads["years_mentoring"]
    return table


def province_table(provinces: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns one row per province: mentors, volunteers, mean/max load, overloaded, unassigned, mentors needed."""
    return pd.DataFrame({
        t("table.province"): provinces["province_th" if t.lang == "th" else "province_en"],
        t("mentors.col.mentors"): provinces["mentors"],
        t("table.serving"): provinces["serving_volunteers"],
        t("kpi.mentor_load_mean"): provinces["mean_load"],
        t("kpi.mentor_load_max"): provinces["max_load"],
        t("mentors.col.overloaded"): provinces["overloaded"],
        t("mentors.col.unassigned"): provinces["unassigned"],
        t("mentors.col.needed"): provinces["mentors_needed"],
    })


def moves_table(plan, subdistricts: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the suggested moves: volunteer id, tambon, district, from mentor (or none), to mentor."""
    names = subdistricts.set_index("subdistrict_code")
    th = t.lang == "th"
    codes = pd.Series([m.subdistrict_code for m in plan.moves], dtype="string")
    return pd.DataFrame({
        t("mentors.col.volunteer"): [m.volunteer_id for m in plan.moves],
        t("table.subdistrict"): codes.map(names["name_th" if th else "name_en"]),
        t("table.district"): codes.map(names["district_th" if th else "district_en"]),
        t("mentors.col.from"): [m.from_mentor or t("mentors.none") for m in plan.moves],
        t("mentors.col.to"): [m.to_mentor for m in plan.moves],
    })


def before_after(plan) -> pd.DataFrame:
    """Returns per mentor the load before and after the plan, heaviest first."""
    frame = pd.DataFrame({"mentor_id": list(plan.before), "before": list(plan.before.values()),
                          "after": [plan.after[m] for m in plan.before]})
    return frame.sort_values(["before", "mentor_id"], ascending=[False, True]).reset_index(drop=True)

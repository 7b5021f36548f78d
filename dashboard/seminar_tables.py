"""The Seminars page's tables and cards with translated headers (pure)."""

import pandas as pd

from dashboard.i18n import Translator
from dashboard.kpi_cards import Card, _change, _neutral_when_zero
from dashboard.thai import format_change, format_date, format_number, format_pct


def seminar_list(seminars: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns the year's seminars: date (B.E. in Thai), title, kind, venue, province, attendance, responses."""
    th = t.lang == "th"
    return pd.DataFrame({
        t("seminars.col.date"): [format_date(d, t.lang) for d in pd.to_datetime(seminars["start_date"]).dt.date],
        t("seminars.col.title"): seminars["title"],
        t("seminars.col.kind"): [t(f"seminars.kind.{k}") if isinstance(k, str) else "–" for k in seminars["kind"]],
        t("seminars.col.venue"): seminars["venue"].fillna("–"),
        t("table.province"): seminars["province_th" if th else "province_en"],
        t("seminars.col.participants"): [f"{p:,} / {format_number(n)}" for p, n in
                                         zip(seminars["participants"], seminars["planned_participants"])],
        t("seminars.col.attendance_pct"): seminars["attendance_pct"],
        t("seminars.col.response_rate"): seminars["response_rate_pct"],
        t("kpi.satisfaction"): seminars["satisfaction_mean"],
        t("kpi.knowledge_gain"): seminars["knowledge_gain"],
        t("seminars.improved"): seminars["improved_pct"],
    })


def seminar_cards(seminars: pd.DataFrame, kpis: dict, previous: dict, knowledge: dict, t: Translator) -> list[Card]:
    """Returns the Seminars page's cards: seminars, participants, responses, satisfaction, knowledge gain, improved."""
    k, p = kpis, previous
    rate = 100.0 * k["feedback_responses"] / k["attendance"] if k["attendance"] else None
    cards = [
        Card("seminars", "seminars", t("kpi.seminars"), format_number(len(seminars)),
             _change(k["seminars"], p["seminars"]), "normal", t("kpi.seminars.help", attendance=format_number(k["attendance"]))),
        Card("seminars", "attendance", t("kpi.attendance"), format_number(k["attendance"]),
             _change(k["attendance"], p["attendance"]), "normal", t("kpi.attendance.help")),
        Card("seminars", "feedback_responses", t("kpi.responses"), format_number(k["feedback_responses"]),
             _change(k["feedback_responses"], p["feedback_responses"]), "normal",
             t("seminars.responses_help", rate=format_pct(rate))),
        Card("seminars", "satisfaction_mean", t("kpi.satisfaction"), format_number(k["satisfaction_mean"], 2),
             _change(k["satisfaction_mean"], p["satisfaction_mean"], 2), "normal",
             t("kpi.satisfaction.help", responses=format_number(k["feedback_responses"]),
               top2=format_pct(k["satisfaction_top2_pct"]))),
        Card("seminars", "knowledge_gain", t("kpi.knowledge_gain"),
             format_change(k["knowledge_gain"], 2) if k["knowledge_gain"] is not None else format_number(None),
             _change(k["knowledge_gain"], p["knowledge_gain"], 2), "normal", t("kpi.knowledge_gain.help")),
        Card("seminars", "improved_pct", t("seminars.improved"), format_pct(knowledge["improved_pct"]), None, "off",
             t("seminars.improved_help", paired=format_number(knowledge["paired"]))),
    ]
    return [_neutral_when_zero(card) for card in cards]


def one_seminar_cards(seminar, knowledge: dict, t: Translator) -> list[Card]:
    """Returns the cards of one seminar (a row of seminars_of_year): its date, participants against plan, responses,
    satisfaction, knowledge gain and share improved, all over its whole audience, as its summary line says."""
    planned = seminar["planned_participants"]
    rate = seminar["response_rate_pct"]
    cards = [
        Card("seminars", "seminar_date", t("seminars.card.date"),
             format_date(pd.Timestamp(seminar["start_date"]).date(), t.lang), None, "off",
             t("seminars.card.date_help", province=seminar["province_th" if t.lang == "th" else "province_en"])),
        Card("seminars", "attendance", t("kpi.attendance"), format_number(seminar["participants"]), None, "off",
             t("seminars.card.participants_help", planned=format_number(planned if pd.notna(planned) else None),
               mentors=format_number(seminar["mentors"]))),
        Card("seminars", "feedback_responses", t("kpi.responses"), format_number(seminar["responses"]), None, "off",
             t("seminars.card.responses_help", rate=format_pct(rate if pd.notna(rate) else None))),
        Card("seminars", "satisfaction_mean", t("kpi.satisfaction"),
             format_number(seminar["satisfaction_mean"] if pd.notna(seminar["satisfaction_mean"]) else None, 2),
             None, "off", t("seminars.card.satisfaction_help")),
        Card("seminars", "knowledge_gain", t("kpi.knowledge_gain"),
             format_change(knowledge["gain"], 2) if knowledge["gain"] is not None else format_number(None), None,
             "off", t("kpi.knowledge_gain.help")),
        Card("seminars", "improved_pct", t("seminars.improved"), format_pct(knowledge["improved_pct"]), None, "off",
             t("seminars.improved_help", paired=format_number(knowledge["paired"]))),
    ]
    return cards


def theme_table(themes: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Returns one row per theme: name, comments, mean overall rating, positive / negative / suggestion counts."""
    return pd.DataFrame({
        t("seminars.col.theme"): themes["name_th" if t.lang == "th" else "name_en"],
        t("seminars.col.comments"): themes["comments"],
        t("seminars.col.mean_overall"): themes["mean_overall"],
        t("seminars.sentiment.positive"): themes["positive"],
        t("seminars.sentiment.negative"): themes["negative"],
        t("seminars.sentiment.suggestion"): themes["suggestion"],
    })


def provinces_absent(participation: pd.DataFrame, geography: pd.DataFrame, t: Translator) -> list[str]:
    """Returns the names of the provinces that sent nobody, sorted."""
    present = set(participation["province_code"])
    column = "name_th" if t.lang == "th" else "name_en"
    return sorted(geography.loc[~geography["province_code"].isin(present), column])


def seminar_summary(seminar, knowledge: dict, t: Translator) -> str:
    """Returns one line on a chosen seminar, for Markdown (its values escaped): date, venue, participants against
    plan, responses, ratings."""
    rate = format_pct(seminar["response_rate_pct"]) if pd.notna(seminar["response_rate_pct"]) else "–"
    return t.md("seminars.summary", date=format_date(pd.Timestamp(seminar["start_date"]).date(), t.lang),
             venue=seminar["venue"] if isinstance(seminar["venue"], str) else "–",
             participants=format_number(seminar["participants"]), mentors=format_number(seminar["mentors"]),
             planned=format_number(seminar["planned_participants"]), responses=format_number(seminar["responses"]),
             rate=rate, satisfaction=format_number(seminar["satisfaction_mean"], 2),
             gain=format_change(knowledge["gain"], 2) if knowledge["gain"] is not None else "–")

"""The Subscriptions page: the subscriptions a user may manage as a table, the choices of the form, saving with the
reasons a subscription is refused, and what a "send now" did (the page only renders)."""

from dataclasses import dataclass, replace
from datetime import datetime, timezone

import pandas as pd

from dashboard import audit, settings
from dashboard.access import Access
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.scope import Filters, geography, scope_label
from dashboard.subscriptions import store
from dashboard.subscriptions.mail import relay_configured
from dashboard.subscriptions.schedule import LAST_DAY, Schedule, extra_holidays, next_due
from dashboard.subscriptions.sending import Outcome, send_now
from dashboard.subscriptions.store import SubscriptionsFileError
from dashboard.thai import format_datetime_utc, format_fiscal_year

__all__ = ["SubscriptionForm", "SubscriptionsFileError", "area_choices", "delete_subscription", "deliveries_table",
           "fiscal_year_label", "manageable", "outcome_messages", "pause_or_resume", "relay_configured",
           "save_subscription", "schedule_words", "send_subscription_now", "subscriptions_table"]


@dataclass(frozen=True)
class SubscriptionForm:
    """What the form's fields say, as the user left them."""

    name: str
    recipients_text: str
    province_codes: tuple[str, ...]
    region_code: str | None
    fiscal_year_be: int | None
    lang: str
    pdf: bool
    pptx: bool
    kind: str
    month_day: int
    weekday: int
    hour: int
    working_days: bool


def manageable(access: Access) -> tuple[list[store.Subscription], list[dict]]:
    """Returns the subscriptions this user may manage (an administrator: all; anyone else: their own) and every
    delivery."""
    subscriptions, deliveries = store.load()
    if not access.is_admin:
        subscriptions = [s for s in subscriptions if s.owner == access.who]
    return subscriptions, deliveries


def area_choices(db: Database, access: Access, t: Translator) -> tuple[dict[str, str], dict[str, str] | None]:
    """Returns the provinces the user may pick ({code: name}) and the regions ({code: name}; None for a provincial
    user, who picks among their provinces only)."""
    geo = geography(db)   # a provincial user's connection holds only their provinces
    provinces = dict(zip(geo["province_code"], geo[t.column("name")]))
    regions = None if access.scope is not None else dict(zip(geo["region_code"], geo[t.column("region")]))
    return provinces, regions


def fiscal_year_label(fiscal_year_be: int | None, t: Translator) -> str:
    """Returns the form's words for a fiscal year to fix a subscription to (None: the current one at each send)."""
    return format_fiscal_year(fiscal_year_be, t.lang) if fiscal_year_be else t("subs.current_year")


def schedule_words(schedule: Schedule, t: Translator) -> str:
    """Returns e.g. 'ทุกวันที่ 1 เวลา 7:00 น. (เลื่อนเป็นวันทำการ)' or 'every Monday at 8:00'."""
    if schedule.kind == "weekly":
        words = t("subs.weekly_words", weekday=t(f"subs.weekday.{schedule.day}"), hour=schedule.hour)
    elif schedule.day == LAST_DAY:
        words = t("subs.monthly_last_words", hour=schedule.hour)
    else:
        words = t("subs.monthly_words", day=schedule.day, hour=schedule.hour)
    return words + (t("subs.working_days_words") if schedule.working_days else "")


def _due_words(due: str, t: Translator) -> str:
    if due.startswith("now-"):
        return t("subs.due_now", when=format_datetime_utc(datetime.fromisoformat(due.removeprefix("now-")), t.lang))
    return format_datetime_utc(datetime.fromisoformat(due), t.lang)


def _last_outcome(sub: store.Subscription, deliveries: list[dict], t: Translator) -> str:
    """Returns the outcome of the subscription's latest send: sent to everyone, or to how many, with each recipient
    still waiting and the reason."""
    own = [d for d in deliveries if d["subscription_id"] == sub.id]
    if not own:
        return t("subs.never")
    due = own[-1]["due"]
    latest = [d for d in own if d["due"] == due]
    sent = {d["recipient"] for d in latest if d["status"] == "sent"}
    waiting = {d["recipient"]: d for d in latest if d["status"] == "failed" and d["recipient"] not in sent}
    when = format_datetime_utc(datetime.fromisoformat(latest[-1]["at_utc"]), t.lang)
    if not waiting:
        return t("subs.last_sent", when=when)
    failures = "; ".join(f"{recipient}: {d['reason']}" for recipient, d in waiting.items())
    return t("subs.last_failed", when=when, sent=len(sent), total=len(sent) + len(waiting), reason=failures)


def deliveries_table(sub: store.Subscription, deliveries: list[dict], t: Translator, *, most: int = 50) -> pd.DataFrame:
    """Returns the subscription's latest deliveries, newest first: the send time, the recipient, sent or not with the
    number of attempts and the reason, and when."""
    own = [d for d in deliveries if d["subscription_id"] == sub.id][-most:][::-1]
    return pd.DataFrame({
        t("subs.col.due"): [_due_words(d["due"], t) for d in own],
        t("subs.col.recipient"): [d["recipient"] for d in own],
        t("subs.col.status"): [t(f"subs.status.{d['status']}") for d in own],
        t("subs.col.attempts"): [d.get("attempts", 1) for d in own],
        t("subs.col.at"): [format_datetime_utc(datetime.fromisoformat(d["at_utc"]), t.lang) for d in own],
        t("subs.col.reason"): [d["reason"] for d in own],
    })


def subscriptions_table(db: Database, subscriptions: list[store.Subscription], deliveries: list[dict],
                        t: Translator, *, now: datetime | None = None) -> pd.DataFrame:
    """Returns one row per subscription as shown: name, next send (Bangkok time, B.E.), last outcome with its reason,
    area, fiscal year, schedule, recipients, files, and who created it."""
    now, extra, geo = now or datetime.now(timezone.utc), extra_holidays(), geography(db)
    shown = set(geo["province_code"])
    rows = []
    for sub in subscriptions:
        filters = Filters(tuple(c for c in sub.province_codes if c in shown), sub.region_code)
        upcoming = format_datetime_utc(next_due(sub.schedule, now, extra), t.lang) if sub.active else t("subs.paused")
        rows.append({
            t("subs.col.name"): sub.name,
            t("subs.col.next"): upcoming,
            t("subs.col.last"): _last_outcome(sub, deliveries, t),
            t("subs.col.area"): scope_label(filters, geo, t),
            t("subs.col.fiscal_year"): (format_fiscal_year(sub.fiscal_year_be, t.lang) if sub.fiscal_year_be
                                        else t("subs.current")),
            t("subs.col.schedule"): schedule_words(sub.schedule, t),
            t("subs.col.recipients"): ", ".join(sub.recipients),
            t("subs.col.files"): ", ".join(f.upper() for f in sub.files) or t("subs.text_only"),
            t("subs.col.owner"): sub.owner,
        })
    return pd.DataFrame(rows)


def save_subscription(db: Database, form: SubscriptionForm, access: Access, t: Translator, *,
                      replacing: store.Subscription | None = None) -> list[str]:
    """Saves the form as a new subscription owned by the user, within their scope, or as the new version of
    `replacing` (its owner, scope and state kept; the changes apply from its next send time); returns what is wrong
    with it (Markdown messages in t's language, values escaped; empty: saved)."""
    sub = store.Subscription(
        name=form.name.strip(), recipients=store.parse_recipients(form.recipients_text),
        province_codes=tuple(sorted(form.province_codes)), region_code=None if form.province_codes else form.region_code,
        fiscal_year_be=form.fiscal_year_be, lang=form.lang,
        files=tuple(f for f, wanted in (("pdf", form.pdf), ("pptx", form.pptx)) if wanted),
        schedule=Schedule(form.kind, form.month_day if form.kind == "monthly" else form.weekday, form.hour,
                          form.working_days),
        owner=access.who, owner_scope=access.scope)
    if replacing is not None:
        sub = replace(sub, id=replacing.id, owner=replacing.owner, owner_scope=replacing.owner_scope,
                      active=replacing.active)
    geo = geography(db)
    wrong = store.problems(sub, known_provinces=set(geo["province_code"]), known_regions=set(geo["region_code"]))
    if wrong:
        return [t.md(key, domains=settings.get("mail_allowed_domains")) for key in wrong]
    store.save(sub)
    audit.record("subscription_saved", who=access.who, role=access.role, scope=access.scope,
                 what=f"{sub.name} ({sub.id})", filters={"province": list(sub.province_codes),
                                                          "region": sub.region_code, "fy": sub.fiscal_year_be})
    return []


def delete_subscription(sub: store.Subscription, access: Access) -> None:
    """Deletes a subscription the user may manage, and records it in the audit log."""
    store.delete(sub.id)
    audit.record("subscription_deleted", who=access.who, role=access.role, scope=access.scope,
                 what=f"{sub.name} ({sub.id})")


def pause_or_resume(sub: store.Subscription) -> None:
    """Pauses an active subscription, resumes a paused one."""
    store.save(replace(sub, active=not sub.active))


SEND_NOW_EVERY_S = 120   # one "send now" of a subscription per two minutes: a button pressed again is not a mail bomb


def send_subscription_now(db: Database, sub: store.Subscription, access: Access, t: Translator, *,
                          now: datetime | None = None) -> list[tuple[str, str]]:
    """Sends the subscription to every recipient at once (a check before its first send), unless it was sent now
    less than SEND_NOW_EVERY_S ago; returns what the page says (see outcome_messages)."""
    now = now or datetime.now(timezone.utc)
    _, deliveries = store.load()
    latest = max((datetime.fromisoformat(d["at_utc"]) for d in deliveries
                  if d["subscription_id"] == sub.id and d["due"].startswith("now-")), default=None)
    if latest is not None and (now - latest).total_seconds() < SEND_NOW_EVERY_S:
        return [("warning", t.md("subs.send_now_wait", seconds=SEND_NOW_EVERY_S))]
    return outcome_messages(send_now(db.path, sub, who=access.who), t)


def outcome_messages(outcomes: list[Outcome], t: Translator) -> list[tuple[str, str]]:
    """Returns what the page says of a send, as (level, Markdown with its values escaped) pairs: "success" or
    "error"."""
    return [("success", t.md("subs.outcome.sent", recipient=o.recipient)) if o.status == "sent" else
            ("error", t.md("subs.outcome.failed", recipient=o.recipient, reason=o.reason)) for o in outcomes]

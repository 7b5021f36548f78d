"""Sending what is due: each active subscription's latest send time that has passed, to each recipient who has not
had it yet, through the relay; and "send now" for one subscription.

Every message is built from a connection scoped to the subscription's owner (the roles file's scope when sign-in is
configured, else the scope saved with the subscription), so no send carries a province its owner may not see. A
send time stays due until every recipient has it: a relay that is down, a refused recipient or a missing Chromium
is recorded with its reason and tried again on the next run; a recipient who has it is never sent it again.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

from dashboard import audit, settings
from dashboard.access import RolesFileError, load_roles_file
from dashboard.briefing.files import briefing_file_name
from dashboard.briefing.headline import headline
from dashboard.db.connection import Database
from dashboard.i18n import Translator
from dashboard.runner import direct
from dashboard.scope import Filters, resolve_period
from dashboard.subscriptions import mail, store
from dashboard.subscriptions.schedule import BANGKOK, extra_holidays, latest_due

log = logging.getLogger(__name__)
SYSTEM = "subscriptions"


class NotSent(Exception):
    """Nothing of this send time can be sent now; the message says why (recorded for every recipient)."""


@dataclass(frozen=True)
class Due:
    """One subscription's send time (`due`: ISO, or `now-...` for "send now") and who still waits for it."""

    subscription: store.Subscription
    due: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one message: `sent`, `failed` (with the reason) or `due` (a dry run)."""

    subscription_id: str
    name: str
    due: str
    recipient: str
    status: str
    reason: str = ""


def _delivered(deliveries: list[dict]) -> set[tuple[str, str, str]]:
    return {(d["subscription_id"], d["due"], d["recipient"]) for d in deliveries if d["status"] == "sent"}


def due_now(subscriptions: list[store.Subscription], deliveries: list[dict], now: datetime) -> list[Due]:
    """Returns, per active subscription whose latest send time has passed since it was created, the recipients who
    have not had that send time yet (subscriptions with none left out)."""
    delivered, extra, found = _delivered(deliveries), extra_holidays(), []
    for sub in subscriptions:
        moment = latest_due(sub.schedule, now, extra) if sub.active else None
        if moment is None or moment < sub.created:
            continue
        key = moment.isoformat()
        waiting = tuple(r for r in sub.recipients if (sub.id, key, r) not in delivered)
        if waiting:
            found.append(Due(sub, key, waiting))
    return found


def owner_scope(sub: store.Subscription) -> tuple[str, ...] | None:
    """Returns the provinces the subscription's owner may see now (None: all); raises NotSent when the roles file
    no longer lists the owner or cannot be read."""
    roles_file = Path(settings.get("roles_file"))
    if not roles_file.is_file():   # sign-in is not configured: the scope saved with the subscription holds
        return sub.owner_scope
    try:
        access = load_roles_file(roles_file).lookup(email=sub.owner, subject=sub.owner)
    except RolesFileError as exc:
        raise NotSent(f"the roles file cannot be used: {exc}") from None
    if access is None:
        raise NotSent(f"the owner {sub.owner or '(none)'} is no longer in the roles file")
    return access.scope


def filters_of(sub: store.Subscription) -> Filters:
    """Returns the filters a subscription asks for (its fiscal year, or the data date's when None)."""
    return Filters(sub.province_codes, sub.region_code, sub.fiscal_year_be)


def content(db: Database, sub: store.Subscription) -> mail.Content:
    """Returns what a send of the subscription says and attaches, from db (already scoped to its owner)."""
    from dashboard.findings import findings

    t, filters, run = Translator(sub.lang), filters_of(sub), direct(db)
    head = headline(db, filters, t, run=run)
    period = resolve_period(db, filters)
    attachments = tuple(_attachment(db, filters, sub.lang, kind, period.fiscal_year_be, period.data_date)
                        for kind in store.FILES if kind in sub.files)
    return mail.Content(
        subject=t("subs.mail.subject", scope=head.scope, fiscal_year=head.fiscal_year, data_as_of=head.data_as_of),
        intro=t("subs.mail.intro", scope=head.scope, fiscal_year=head.fiscal_year, data_as_of=head.data_as_of),
        cards=tuple((c.print_label, c.value, c.delta) for c in head.cards),
        findings=tuple(findings(db, filters, lang=sub.lang, run=run)),
        footer=t("subs.mail.footer", name=sub.name),
        attachments=attachments)


def _attachment(db: Database, filters: Filters, lang: str, kind: str, fiscal_year_be: int,
                data_date: date) -> mail.Attachment:
    from dashboard.briefing.deck import build_deck
    from dashboard.briefing.onepager import PdfFailed, PdfUnavailable, build_pdf

    name = briefing_file_name(filters, fiscal_year_be, kind).replace(f".{kind}", f"-data-{data_date.isoformat()}.{kind}")
    try:
        made = build_pdf(db, filters, lang=lang) if kind == "pdf" else build_deck(db, filters, lang=lang)
    except (PdfUnavailable, PdfFailed) as exc:
        raise NotSent(f"the PDF could not be made: {exc}") from None
    return mail.Attachment(name, made)


def _send_one(db_path: Path, job: Due) -> list[Outcome]:
    sub = job.subscription
    failed = lambda reason: [Outcome(sub.id, sub.name, job.due, r, "failed", reason) for r in job.recipients]  # noqa: E731
    try:
        scope = owner_scope(sub)
        if not store.within_scope(sub.province_codes, scope):
            raise NotSent(f"the filter is outside the owner's provinces ({', '.join(scope)})")
        db = Database(db_path, scope=scope)
        try:
            built = content(db, sub)
        finally:
            db.close()
    except NotSent as exc:
        return failed(str(exc))
    except Exception as exc:   # the database, a query: reported per recipient, tried again next run
        log.exception("subscription %s: the message could not be built", sub.id)
        return failed(f"the message could not be built: {type(exc).__name__}: {exc}")
    outcomes, t = [], Translator(sub.lang)
    for recipient in job.recipients:
        try:
            mail.send(mail.message(built, recipient, t))
            outcomes.append(Outcome(sub.id, sub.name, job.due, recipient, "sent"))
        except Exception as exc:   # the relay down or refusing, a timeout: this recipient waits for the next run
            outcomes.append(Outcome(sub.id, sub.name, job.due, recipient, "failed", _reason(exc)))
    return outcomes


def _reason(exc: Exception) -> str:
    if isinstance(exc, mail.RelayNotConfigured):
        return "no SMTP relay is configured (smtp_host, mail_from)"
    if isinstance(exc, mail.smtplib.SMTPRecipientsRefused):
        return "the relay refused the recipient: " + "; ".join(
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in exc.recipients.values())
    if isinstance(exc, mail.smtplib.SMTPResponseException):
        return f"the relay answered {exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    return f"{type(exc).__name__}: {exc}"


def _record(outcomes: list[Outcome], sub: store.Subscription) -> None:
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    store.record_deliveries([{"subscription_id": o.subscription_id, "due": o.due, "recipient": o.recipient,
                              "status": o.status, "at_utc": at, "reason": o.reason} for o in outcomes])
    for o in outcomes:
        audit.record("subscription_sent" if o.status == "sent" else "subscription_failed", who=SYSTEM, role="system",
                     scope=sub.owner_scope, what=f"{sub.name} ({sub.id}) {o.due} -> {o.recipient} {o.reason}".strip(),
                     filters={"province": list(sub.province_codes), "region": sub.region_code,
                              "fy": sub.fiscal_year_be, "owner": sub.owner})


def send_due(db_path: Path, *, now: datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    """Sends every subscription's due message to each recipient still waiting for it, records each outcome (not in a
    dry run) and returns them."""
    now = now or datetime.now(timezone.utc)
    with store.sending():
        subscriptions, deliveries = store.load()
        outcomes = []
        for job in due_now(subscriptions, deliveries, now):
            if dry_run:
                outcomes += [Outcome(job.subscription.id, job.subscription.name, job.due, r, "due")
                             for r in job.recipients]
                continue
            sent = _send_one(db_path, job)
            _record(sent, job.subscription)
            outcomes += sent
    return outcomes


def send_now(db_path: Path, sub: store.Subscription, *, who: str) -> list[Outcome]:
    """Sends one subscription at once to every recipient (a check before its first scheduled send), records it and
    returns the outcomes; its scheduled sends are not affected."""
    moment = datetime.now(BANGKOK).isoformat(timespec="seconds")
    with store.sending():
        outcomes = _send_one(db_path, Due(sub, f"now-{moment}", sub.recipients))
        _record(outcomes, replace(sub, owner=sub.owner or who))
    return outcomes

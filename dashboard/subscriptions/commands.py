"""The `python -m dashboard subscriptions` commands: what they print and their exit codes."""

from datetime import datetime, timezone
from pathlib import Path

from dashboard.subscriptions import sending, store
from dashboard.subscriptions.schedule import BANGKOK, extra_holidays, next_due, thai_holidays


def send_due(db_path: Path, *, now: datetime | None = None, dry_run: bool = False) -> int:
    """Sends (or with dry_run lists) what is due; prints a line per message and a summary. Exit 0 when nothing
    failed, 1 when a message failed (it is tried again on the next run)."""
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=BANGKOK)   # a moment written without a zone is Bangkok time
    outcomes = sending.send_due(db_path, now=now, dry_run=dry_run)
    for o in outcomes:
        reason = f": {o.reason}" if o.reason else ""
        print(f"{o.status:<6} {o.name} ({o.subscription_id}) due {o.due} -> {o.recipient}{reason}")
    counts = {status: sum(o.status == status for o in outcomes) for status in ("sent", "failed", "due")}
    if dry_run:
        print(f"dry run: {counts['due']} message(s) due, nothing sent")
    else:
        print(f"{counts['sent']} sent, {counts['failed']} failed (tried again on the next run)")
    return 1 if counts["failed"] else 0


def list_subscriptions() -> int:
    """Prints each subscription with its filter, schedule, next send time and last outcome."""
    subscriptions, deliveries = store.load()
    if not subscriptions:
        print("no subscriptions")
        return 0
    now, extra = datetime.now(timezone.utc), extra_holidays()
    for sub in subscriptions:
        area = ",".join(sub.province_codes) or sub.region_code or "country"
        last = next((d for d in reversed(deliveries) if d["subscription_id"] == sub.id), None)
        last_text = f"{last['status']} {last['at_utc']} {last['reason']}".strip() if last else "never sent"
        upcoming = next_due(sub.schedule, now, extra).isoformat() if sub.active else "paused"
        print(f"{sub.id}  {sub.name}  [{area}, FY {sub.fiscal_year_be or 'current'}, {sub.lang}, "
              f"{'+'.join(sub.files) or 'text only'}]  {len(sub.recipients)} recipient(s)  "
              f"{sub.schedule.kind} day {sub.schedule.day} {sub.schedule.hour:02d}:00  next {upcoming}  last: {last_text}")
    return 0


def list_holidays(year: int) -> int:
    """Prints the days of a year (C.E.) a send moves past: the holidays package's Thai public holidays, with their
    Thai names, and the `extra_holidays` setting's."""
    listed = thai_holidays(year)
    extra = {day: "extra_holidays setting" for day in extra_holidays() if day.year == year}
    for day, name in sorted((listed | extra).items()):
        print(f"{day.isoformat()}  {day.strftime('%a')}  {name}")
    return 0

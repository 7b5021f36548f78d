"""Subscriptions and what was sent for each, in one JSON file outside the database (setting `subscriptions_file`).

An import replaces the database file; this file is the administrators' own and nothing but the dashboard writes it.
Every change reads, edits and writes the whole file under an exclusive lock (a `.lock` file beside it) and replaces
it in one step, so the Subscriptions page and a timer's send run never lose each other's changes.

A delivery is one subscription's message for one send time (`due`: the scheduled time in ISO form, or `now-...` for
the "send now" button) to one recipient, `sent` or `failed` with the reason. A recipient with a `sent` delivery is
never sent that send time again; one with only `failed` ones is tried again on the next run.
"""

import fcntl
import json
import os
import re
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from dashboard import settings
from dashboard.subscriptions.schedule import Schedule

FILES = ("pdf", "pptx")
EMAIL = re.compile(r"[^@\s,;<>\"']+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
MOST_RECIPIENTS = 50
KEPT_DELIVERIES = 20_000   # about 18 months of 100 subscriptions of 5 recipients, monthly; the audit log keeps all


class SubscriptionsFileError(Exception):
    """The subscriptions file cannot be read; the message names it and says why. Nothing is sent or saved until it
    is mended (or moved away: the dashboard then starts a new one)."""


@dataclass(frozen=True)
class Subscription:
    """Who receives which briefing, for which filter, when. `fiscal_year_be` None: the fiscal year of the data date
    at each send. `owner_scope` None: every province (the owner's scope when it was saved; the roles file's scope
    at send time wins when sign-in is configured)."""

    name: str
    recipients: tuple[str, ...]
    province_codes: tuple[str, ...] = ()
    region_code: str | None = None
    fiscal_year_be: int | None = None
    lang: str = "th"
    files: tuple[str, ...] = FILES
    schedule: Schedule = field(default_factory=Schedule)
    owner: str = ""
    owner_scope: tuple[str, ...] | None = None
    active: bool = True
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    created_utc: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.created_utc)


def problems(sub: Subscription, *, known_provinces: set[str], known_regions: set[str]) -> list[str]:
    """Returns the message keys of what is wrong with a subscription (empty: it can be saved)."""
    wrong = list(sub.schedule.problems())
    if not sub.name.strip():
        wrong.append("subs.error.name")
    if not sub.recipients or len(sub.recipients) > MOST_RECIPIENTS:
        wrong.append("subs.error.recipients")
    elif not all(EMAIL.fullmatch(address) for address in sub.recipients):
        wrong.append("subs.error.address")
    elif not all(allowed_domain(address) for address in sub.recipients):
        wrong.append("subs.error.domain")
    if set(sub.province_codes) - known_provinces or (sub.region_code and sub.region_code not in known_regions):
        wrong.append("subs.error.area")
    if not within_scope(sub.province_codes, sub.owner_scope):
        wrong.append("subs.error.scope")
    if not set(sub.files) <= set(FILES) or sub.lang not in ("th", "en"):
        wrong.append("subs.error.files")
    return wrong


def within_scope(province_codes: tuple[str, ...], scope: tuple[str, ...] | None) -> bool:
    """Tells whether a subscription of these provinces (none: the whole country) lies within a user's scope (None:
    every province)."""
    return scope is None or bool(province_codes) and set(province_codes) <= set(scope)


def allowed_domain(address: str) -> bool:
    """Tells whether the `mail_allowed_domains` setting lets a subscription send to address."""
    allowed = [d.strip().lower().lstrip("@") for d in settings.get("mail_allowed_domains").split(",") if d.strip()]
    return not allowed or address.rsplit("@", 1)[-1].lower() in allowed


def parse_recipients(text: str) -> tuple[str, ...]:
    """Returns the addresses in text (separated by commas, semicolons, spaces or lines), lower-cased, each once."""
    seen = dict.fromkeys(part.strip().lower() for part in re.split(r"[\s,;]+", text) if part.strip())
    return tuple(seen)


def _path() -> Path:
    return Path(settings.get("subscriptions_file"))


def _to_json(sub: Subscription) -> dict:
    return asdict(sub)


def _from_json(entry: dict) -> Subscription:
    entry = dict(entry)
    entry["schedule"] = Schedule(**entry.get("schedule", {}))
    for key in ("recipients", "province_codes", "files"):
        entry[key] = tuple(entry.get(key) or ())
    if entry.get("owner_scope") is not None:
        entry["owner_scope"] = tuple(entry["owner_scope"])
    return Subscription(**entry)


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"subscriptions": [], "deliveries": []}
    except (OSError, ValueError) as exc:
        raise SubscriptionsFileError(f"the subscriptions file {path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k, []), list) for k in ("subscriptions", "deliveries")):
        raise SubscriptionsFileError(f"the subscriptions file {path} is not a dashboard subscriptions file")
    return {"subscriptions": data.get("subscriptions", []), "deliveries": data.get("deliveries", [])}


def _subscriptions(path: Path, entries: list[dict]) -> list[Subscription]:
    try:
        return [_from_json(entry) for entry in entries]
    except (TypeError, KeyError, ValueError) as exc:
        raise SubscriptionsFileError(f"the subscriptions file {path} holds an entry that is not a subscription: "
                                     f"{exc}") from None


def _write(path: Path, data: dict) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


@contextmanager
def _locked(mode: int = fcntl.LOCK_EX, suffix: str = ".lock"):
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}{suffix}", "a") as lock:
        fcntl.flock(lock, mode)
        yield path


def load() -> tuple[list[Subscription], list[dict]]:
    """Returns the subscriptions, oldest first, and the deliveries, oldest first."""
    with _locked(fcntl.LOCK_SH) as path:   # readers share; a writer waits for them and they for it
        data = _read(path)
    return _subscriptions(path, data["subscriptions"]), data["deliveries"]


def save(sub: Subscription) -> None:
    """Adds a subscription, or replaces the one with its id."""
    with _locked() as path:
        data = _read(path)
        _subscriptions(path, data["subscriptions"])   # a damaged file is reported, not overwritten
        others = [entry for entry in data["subscriptions"] if entry["id"] != sub.id]
        data["subscriptions"] = others + [_to_json(sub)]
        _write(path, data)


def delete(sub_id: str) -> None:
    """Removes a subscription (its deliveries stay, for the record)."""
    with _locked() as path:
        data = _read(path)
        data["subscriptions"] = [entry for entry in data["subscriptions"] if entry["id"] != sub_id]
        _write(path, data)


def set_active(sub: Subscription, active: bool) -> None:
    """Pauses or resumes a subscription."""
    save(replace(sub, active=active))


def _key(delivery: dict) -> tuple[str, str, str]:
    return delivery["subscription_id"], delivery["due"], delivery["recipient"]


def record_deliveries(entries: list[dict]) -> None:
    """Appends deliveries: dicts of subscription_id, due, recipient, status ('sent'/'failed'), at_utc, reason. A
    failure of a message that has failed before replaces that record and counts the attempts, so a relay down for
    days adds one record per message, not one per run."""
    with _locked() as path:
        data = _read(path)
        deliveries = data["deliveries"]
        for entry in entries:
            entry = {**entry, "attempts": 1}
            if entry["status"] == "failed":
                earlier = [d for d in deliveries if _key(d) == _key(entry) and d["status"] == "failed"]
                if earlier:
                    entry["attempts"] = earlier[-1].get("attempts", 1) + 1
                    deliveries = [d for d in deliveries if not (_key(d) == _key(entry) and d["status"] == "failed")]
            deliveries.append(entry)
        data["deliveries"] = deliveries[-KEPT_DELIVERIES:]
        _write(path, data)


@contextmanager
def sending():
    """Holds the send lock (a second `.send.lock` file) for one run of sends: two runs (the timer and a "send now")
    never send at once, so neither sends what the other is sending."""
    with _locked(suffix=".send.lock"):
        yield

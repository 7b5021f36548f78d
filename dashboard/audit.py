"""The audit log: who signed in and out, downloaded or imported what, and made which briefing, with their scope.

One JSON object per line in the file of the `audit_log` setting, outside the read-only database; appended under
an exclusive lock so concurrent sessions never interleave a line. Administrators read it on the Data page.
"""

import fcntl
import json
import logging
from collections import deque
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from dashboard import settings

log = logging.getLogger(__name__)
TAIL_BYTES = 256 * 1024
COLUMNS = ["at_utc", "event", "who", "role", "scope", "what", "filters"]


def audit_path() -> Path:
    """Returns the path of the audit log file."""
    return Path(settings.get("audit_log"))


def record(event: str, *, who: str, role: str, scope: tuple[str, ...] | None, what: str = "",
           filters: dict | None = None) -> None:
    """Appends one event; never fails the page (a log that cannot be written is reported in the server log)."""
    entry = {"at_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"), "event": event, "who": who,
             "role": role, "scope": "all" if scope is None else ",".join(scope), "what": what,
             "filters": filters or {}}
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    path = audit_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line)
            handle.flush()
    except OSError as exc:
        log.error("audit log %s not written (%s): %s", path, exc, line.strip())


def seen_recently(event: str, who: str, what: str) -> bool:
    """Tells whether the latest part of the log (its last TAIL_BYTES) holds this event for who with this what."""
    path = audit_path()
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - TAIL_BYTES))
            tail = handle.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return False
    for line in reversed(tail):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry.get("event") == event and entry.get("who") == who and entry.get("what") == what:
            return True
    return False


def recent(limit: int = 200) -> pd.DataFrame:
    """Returns the latest events, newest first (an empty table when there are none)."""
    path = audit_path()
    if not path.is_file():
        return pd.DataFrame(columns=COLUMNS)
    with open(path, encoding="utf-8", errors="replace") as handle:
        lines = deque(handle, maxlen=limit)   # streams the file: it grows for years
    rows = []
    for line in reversed(lines):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["filters"] = frame["filters"].map(lambda f: json.dumps(f, ensure_ascii=False) if f else "")
    return frame

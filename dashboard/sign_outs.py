"""Sign-outs that outlive the browser's cookie, so that a copy of a sign-in cookie stops working at sign-out.

Streamlit keeps a signed-in user in a signed cookie for 30 days and cannot revoke it: sign-out only deletes the
browser's copy. The cookie carries the identity provider's `iat` (when the sign-in was issued), so at sign-out the
dashboard records, per user, the newest `iat` signed out; the gate then refuses any cookie of that user issued at or
before it. A later sign-in gets a newer `iat` and works. Signing out therefore also ends that user's older sign-ins
on other browsers. One small JSON file (setting `sign_outs_file`), written whole under a lock.
"""

import fcntl
import json
import logging
import os
from pathlib import Path

from dashboard import settings

log = logging.getLogger(__name__)


def _path() -> Path:
    return Path(settings.get("sign_outs_file"))


def _read(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.error("sign-outs file %s unreadable (%s): every sign-in is refused until it is fixed", path, exc)
        raise
    return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}


def record_sign_out(user_key: str, issued_at: float) -> None:
    """Revokes every sign-in of user_key issued at or before issued_at (epoch seconds)."""
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        revoked = _read(path)
        revoked[user_key] = max(issued_at, revoked.get(user_key, 0.0))
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text(json.dumps(revoked, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)


def is_revoked(user_key: str, issued_at: float) -> bool:
    """Tells whether this sign-in was signed out (its user signed out of a sign-in issued at or after it).

    Fails closed: an unreadable file revokes everything (the server log says why)."""
    try:
        revoked = _read(_path())
    except (OSError, ValueError):
        return True
    return issued_at <= revoked.get(user_key, float("-inf"))

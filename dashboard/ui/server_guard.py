"""The server's own guard in front of Streamlit's routes (ASGI middleware handed to st.App by streamlit_app.py).

Streamlit accepts `PUT /_stcore/upload_file/<session>/<id>` from any session, signed in or not, whether or not its
page shows an uploader, and holds every file in memory while the session lives: an anonymous visitor could fill the
server's memory. Here an upload is accepted only from a session that the Data page has granted it to (an
administrator's, or in open mode a browser on the server itself), one upload at a time, and only while the files the
server holds stay under a budget. Streamlit's `/_stcore/metrics` (cache statistics) is not served, and cookies set
over HTTPS are marked `Secure` (Streamlit leaves its sign-in cookie without it).
"""

import logging
import re
import threading
import time

log = logging.getLogger(__name__)

UPLOAD_ROUTE = re.compile(r"/_stcore/upload_file/(?P<session_id>[^/]+)/[^/]+$")
METRICS_ROUTE = re.compile(r"/_stcore/metrics$")
PERMIT_TTL_S = 30 * 60
# Files held at once across all sessions, as multiples of server.maxUploadSize (a file and the one replacing it).
HELD_UPLOADS_BUDGET = 2


class UploadPermits:
    """The sessions that may upload a file now, each until a deadline (a Data page rerun renews it)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def grant(self, session_id: str, ttl_s: float = PERMIT_TTL_S) -> None:
        """Lets this session upload for ttl_s seconds."""
        now = time.monotonic()
        with self._lock:
            self._until = {s: t for s, t in self._until.items() if t > now}
            self._until[session_id] = now + ttl_s

    def revoke(self, session_id: str) -> None:
        """Takes the permit back (the Data page no longer offers an upload to this session)."""
        with self._lock:
            self._until.pop(session_id, None)

    def allows(self, session_id: str) -> bool:
        """Tells whether this session may upload now."""
        with self._lock:
            return self._until.get(session_id, 0.0) > time.monotonic()


PERMITS = UploadPermits()


def _held_upload_bytes() -> int:
    """Returns the bytes of uploaded files Streamlit holds in memory for all sessions (0 when unknown)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    stats = Runtime.instance().uploaded_file_mgr.get_stats()
    return sum(stat.byte_length for family in stats.values() for stat in family)


def release_upload(session_id: str, file_id: str) -> None:
    """Drops a file Streamlit holds for a session (it keeps every upload in memory while the session lives)."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        Runtime.instance().uploaded_file_mgr.remove_file(session_id=session_id, file_id=file_id)


def _max_upload_bytes() -> int:
    from streamlit import config

    return int(config.get_option("server.maxUploadSize")) * 1024 * 1024


def _over_https(scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    forwarded = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
    return forwarded.split(b",")[0].strip().lower() == b"https"


async def _discard_body(receive, limit: int) -> None:
    """Reads and drops a refused request's body, up to limit bytes, so the client reads the answer instead of a reset
    connection; nothing of it is kept."""
    received = 0
    while received <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return
        received += len(message.get("body", b""))
        if not message.get("more_body"):
            return


async def _refuse(send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class ServerGuard:
    """ASGI middleware: refuses uploads from sessions without a permit, bounds what uploads hold, hides the metrics
    route, and marks cookies Secure over HTTPS."""

    def __init__(self, app, permits: UploadPermits = PERMITS, *, held_bytes=_held_upload_bytes,
                 max_upload_bytes=_max_upload_bytes):
        self.app = app
        self.permits = permits
        self.held_bytes = held_bytes
        self.max_upload_bytes = max_upload_bytes
        self._uploading = 0
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if METRICS_ROUTE.search(path):
            await _refuse(send, 404, "Not Found")
            return
        if _over_https(scope):
            send = _secure_cookies(send)
        upload = UPLOAD_ROUTE.search(path)
        if upload is None or scope.get("method") != "PUT":
            await self.app(scope, receive, send)
            return
        session_id = upload.group("session_id")
        if not self.permits.allows(session_id):
            client = (scope.get("client") or ("?",))[0]
            log.warning("upload refused: session %s… from %s has no upload permit", session_id[:8], client)
            await _discard_body(receive, self.max_upload_bytes() + 2 * 1024 * 1024)
            await _refuse(send, 403, "Uploads are accepted only on the Data page, from an administrator.")
            return
        with self._lock:
            busy = self._uploading >= 1
            if not busy:
                self._uploading += 1
        if busy:
            await _refuse(send, 429, "Another upload is in progress; try again when it ends.")
            return
        try:
            held = self.held_bytes()
            if held >= HELD_UPLOADS_BUDGET * self.max_upload_bytes():
                log.warning("upload refused: the server already holds %d bytes of uploads", held)
                await _refuse(send, 507, "The server holds too many uploaded files; try again in a few minutes.")
                return
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                self._uploading -= 1


def _secure_cookies(send):
    async def send_secure(message):
        if message["type"] == "http.response.start":
            headers = [(name, _with_secure(value) if name.lower() == b"set-cookie" else value)
                       for name, value in message.get("headers", [])]
            message = {**message, "headers": headers}
        await send(message)
    return send_secure


def _with_secure(cookie: bytes) -> bytes:
    attributes = [part.strip().lower() for part in cookie.split(b";")[1:]]
    return cookie if b"secure" in attributes else cookie + b"; Secure"

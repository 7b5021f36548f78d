"""No upload from a session that may not upload: the server guard in front of Streamlit (issue 20, point 1).

Streamlit accepts `PUT /_stcore/upload_file/<session>/<id>` from any session and holds the file in memory; the
red-team filled a server's memory that way without signing in. The guard (dashboard/ui/server_guard.py) is tested
on its own with a stand-in app, then against a real server: a session read from the browser's WebSocket, its
XSRF cookie, and PUTs of several megabytes each, with the server's memory read from /proc.
"""

import asyncio
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from dashboard.ui.gate import is_local
from dashboard.ui.server_guard import HELD_UPLOADS_BUDGET, ServerGuard, UploadPermits
from tests.browser import chromium_page, require_chromium, streamlit_server

MB = 1024 * 1024


# --- the guard on its own ---------------------------------------------------------------------------------------

class StandIn:
    """An ASGI app that answers 204 and counts the requests (and body bytes) that reached it."""

    def __init__(self, set_cookie: bytes | None = None):
        self.calls: list[str] = []
        self.body = 0
        self.set_cookie = set_cookie

    async def __call__(self, scope, receive, send):
        self.calls.append(scope["path"])
        while True:
            message = await receive()
            self.body += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(b"set-cookie", self.set_cookie)] if self.set_cookie else []
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def _request(guard, path: str, method: str = "PUT", body: bytes = b"x" * 1000, headers=()) -> tuple[int, list]:
    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list(headers), "client": ("10.0.0.9", 5000),
             "scheme": "http"}
    asyncio.run(guard(scope, receive, send))
    return sent[0]["status"], sent[0].get("headers", [])


def _guard(app, permits, held=0, max_mb=50) -> ServerGuard:
    return ServerGuard(app, permits, held_bytes=lambda: held, max_upload_bytes=lambda: max_mb * MB)


def test_an_upload_without_a_permit_never_reaches_streamlit():
    app, permits = StandIn(), UploadPermits()
    status, _ = _request(_guard(app, permits), "/_stcore/upload_file/session-a/file-1", body=b"x" * (5 * MB))
    assert status == 403 and app.calls == [] and app.body == 0


def test_an_upload_with_a_permit_reaches_streamlit_and_a_revoked_one_does_not():
    app, permits = StandIn(), UploadPermits()
    permits.grant("session-a")
    assert _request(_guard(app, permits), "/_stcore/upload_file/session-a/file-1")[0] == 204
    assert _request(_guard(app, permits), "/_stcore/upload_file/session-b/file-1")[0] == 403
    permits.revoke("session-a")
    assert _request(_guard(app, permits), "/_stcore/upload_file/session-a/file-2")[0] == 403
    permits.grant("session-a", ttl_s=-1)   # expired
    assert _request(_guard(app, permits), "/_stcore/upload_file/session-a/file-3")[0] == 403
    assert app.calls == ["/_stcore/upload_file/session-a/file-1"]


def test_deleting_and_other_routes_are_not_guarded_but_metrics_are_hidden():
    app, permits = StandIn(), UploadPermits()
    guard = _guard(app, permits)
    assert _request(guard, "/_stcore/upload_file/session-a/file-1", method="DELETE")[0] == 204
    assert _request(guard, "/_stcore/health", method="GET")[0] == 204
    assert _request(guard, "/_stcore/metrics", method="GET")[0] == 404
    assert _request(guard, "/dashboard/_stcore/metrics", method="GET")[0] == 404   # under a base URL path
    assert app.calls == ["/_stcore/upload_file/session-a/file-1", "/_stcore/health"]


def test_uploads_stop_while_the_server_holds_its_budget_of_files():
    app, permits = StandIn(), UploadPermits()
    permits.grant("session-a")
    full = _guard(app, permits, held=HELD_UPLOADS_BUDGET * 50 * MB)
    assert _request(full, "/_stcore/upload_file/session-a/file-1")[0] == 507
    assert _request(_guard(app, permits, held=50 * MB), "/_stcore/upload_file/session-a/file-1")[0] == 204


def test_one_upload_at_a_time():
    permits = UploadPermits()
    permits.grant("session-a")
    released = asyncio.Event()

    class Slow(StandIn):
        async def __call__(self, scope, receive, send):
            await released.wait()
            await super().__call__(scope, receive, send)

    guard = _guard(Slow(), permits)

    async def both():
        statuses = []

        async def one(path):
            sent = []

            async def receive():
                return {"type": "http.request", "body": b"x", "more_body": False}

            async def send(message):
                sent.append(message)
            await guard({"type": "http", "method": "PUT", "path": path, "headers": []}, receive, send)
            statuses.append(sent[0]["status"])

        first = asyncio.create_task(one("/_stcore/upload_file/session-a/1"))
        await asyncio.sleep(0.01)
        await one("/_stcore/upload_file/session-a/2")   # refused at once while the first is in flight
        released.set()
        await first
        return statuses

    assert asyncio.run(both()) == [429, 204]


@pytest.mark.parametrize(("proto", "secure"), [(b"https", True), (b"http", False)])
def test_cookies_are_marked_secure_over_https(proto, secure):
    app = StandIn(set_cookie=b"_streamlit_user=abc; Path=/; HttpOnly; SameSite=lax; Max-Age=2592000")
    _, headers = _request(_guard(app, UploadPermits()), "/oauth2callback", method="GET",
                          headers=[(b"x-forwarded-proto", proto)])
    cookie = dict(headers)[b"set-cookie"]
    assert cookie.endswith(b"; Secure") is secure


@pytest.mark.parametrize(("remote_ip", "headers", "local"), [
    (None, {"Host": "localhost:8501"}, True),
    (None, {"Host": "127.0.0.1:8501"}, True),
    (None, {"Host": "[::1]:8501"}, True),
    ("10.1.2.3", {"Host": "localhost:8501"}, False),              # another machine, whatever it says
    (None, {"Host": "dashboard.mol.go.th"}, False),               # through a proxy that keeps the Host
    (None, {"Host": "localhost", "X-Forwarded-For": "10.0.0.5"}, False),   # through a proxy on the server
    (None, {"Host": "[bad"}, False),
])
def test_who_counts_as_a_browser_on_the_server_itself(remote_ip, headers, local):
    assert is_local(remote_ip, headers) is local


# --- a real server ------------------------------------------------------------------------------------------------

def _server_rss_mb(port: int) -> float:
    """The resident memory of the `streamlit run` process serving `port`, from /proc."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(command) and str(port).encode() in command:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    raise AssertionError(f"no streamlit process on port {port}")


def _settled_rss_mb(port: int, timeout_s: float = 60) -> float:
    """The server's resident memory once it has stopped changing by more than 2 MB over two seconds."""
    deadline = time.monotonic() + timeout_s
    last = _server_rss_mb(port)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = _server_rss_mb(port)
        if abs(now - last) < 2:
            return now
        last = now
    return last


def _session_ids(page) -> list[str]:
    """Collects the session ids the server sends the browser (NewSession in the WebSocket's first messages)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[str] = []

    def frame(payload):
        if isinstance(payload, (bytes, bytearray)):
            message = ForwardMsg.FromString(bytes(payload))
            if message.HasField("new_session") and message.new_session.initialize.session_id:
                found.append(message.new_session.initialize.session_id)

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return found


def put_upload(base_url: str, session_id: str, size: int, xsrf: str) -> int:
    """PUTs a file of `size` bytes to Streamlit's upload route for a session, as its front end does; the status."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flood.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + b"a," * (size // 2) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{base_url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}", data=body,
                                     method="PUT", headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                            "X-Xsrftoken": xsrf, "Cookie": f"_streamlit_xsrf={xsrf}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _xsrf(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")


def test_an_upload_flood_from_a_page_without_an_uploader_is_refused_and_costs_no_memory(known_db, tmp_path):
    require_chromium()
    env = {"DASHBOARD_DB_PATH": str(known_db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "DASHBOARD_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    with streamlit_server(env) as url, chromium_page() as (page, outside):
        sessions = _session_ids(page)
        page.goto(f"{url}/overview", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert sessions, "the browser's WebSocket carried no session id"
        port = int(url.rsplit(":", 1)[1])
        before = _server_rss_mb(port)
        statuses = [put_upload(url, sessions[0], 8 * MB, _xsrf(page)) for _ in range(12)]
        after = _server_rss_mb(port)
        assert statuses == [403] * 12
        assert after - before < 30, f"the server grew {after - before:.0f} MB while refusing 96 MB of uploads"

        # the same browser on the Data page (open demo, a browser on the server itself) may upload one file
        page.goto(f"{url}/data", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stFileUploader"]', timeout=60_000)
        page.wait_for_timeout(1000)
        assert put_upload(url, sessions[-1], 1 * MB, _xsrf(page)) == 204
        assert outside == []


def test_a_huge_websocket_message_closes_that_connection_without_the_server_holding_it(known_db, tmp_path):
    """server.maxMessageSize caps what one WebSocket message can make the server hold (Streamlit's default: 200 MB)."""
    import websockets

    env = {"DASHBOARD_DB_PATH": str(known_db), "DASHBOARD_BUILD_DEMO_IF_MISSING": "false",
           "DASHBOARD_AUDIT_LOG": str(tmp_path / "audit.jsonl")}

    async def send_huge(url: str) -> str:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None) as ws:
            hello = BackMsg()
            hello.rerun_script.page_name = "overview"
            await ws.send(hello.SerializeToString())   # a session, as a browser tab opens one
            await asyncio.wait_for(ws.recv(), 30)
            try:
                for _ in range(3):
                    await ws.send(b"\0" * (40 * MB))
                    await asyncio.sleep(0.5)
            except websockets.ConnectionClosed as exc:
                return f"closed {exc.rcvd.code if exc.rcvd else ''}"
        return "open"

    with streamlit_server(env) as url:
        port = int(url.rsplit(":", 1)[1])
        before = _settled_rss_mb(port)   # after the start-up warm-up
        outcomes = [asyncio.run(send_huge(url)) for _ in range(3)]
        after = _server_rss_mb(port)
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.status == 200
    assert all(outcome.startswith("closed") for outcome in outcomes), outcomes
    assert after - before < 30, f"the server grew {after - before:.0f} MB"

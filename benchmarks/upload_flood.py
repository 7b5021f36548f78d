"""What an anonymous upload flood costs the server: the red-team's attack, measured (issue 20).

A visitor opens one page (the Overview, no uploader), reads its session id from the WebSocket's first messages,
keeps the socket open, and PUTs N files of S MB to `/_stcore/upload_file/<session>/<new id>`, as Streamlit's own
front end would (multipart, with the XSRF cookie and header). Prints each answer's status and the server's
resident memory (VmRSS, from /proc) before, after each request, and at the end.

    python benchmarks/upload_flood.py [--requests 10] [--size-mb 45] [--app-dir PATH] [--json]

--app-dir runs another checkout's `streamlit_app.py` (e.g. `git worktree add /tmp/before <commit>`) on the same
demo database, to measure the code before the guard.
"""

import argparse
import asyncio
import json
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, demo_db  # noqa: E402
from load import proc_status, start_server  # noqa: E402

MB = 1024 * 1024


def xsrf_cookie(url: str) -> str:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:   # Streamlit sets it there
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0]
    raise RuntimeError("the page set no _streamlit_xsrf cookie")


async def open_session(url: str, xsrf: str):
    """Opens a WebSocket as a browser tab on the Overview does; returns (socket, session id)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws = await websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"})
    message = BackMsg()
    message.rerun_script.page_name = "overview"
    message.rerun_script.context_info.url = f"{url}/overview"
    await ws.send(message.SerializeToString())
    while True:
        forward = ForwardMsg.FromString(await asyncio.wait_for(ws.recv(), 60))
        if forward.HasField("new_session") and forward.new_session.initialize.session_id:
            return ws, forward.new_session.initialize.session_id


def put(url: str, session_id: str, size: int, xsrf: str) -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flood.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + b"a," * (size // 2) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}", data=body, method="PUT",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                              "X-Xsrftoken": xsrf, "Cookie": f"_streamlit_xsrf={xsrf}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


async def flood(url: str, pid: int, requests: int, size: int) -> dict:
    xsrf = xsrf_cookie(url)
    ws, session_id = await open_session(url, xsrf)
    try:
        await asyncio.sleep(2)
        before = proc_status(pid)["rss_mb"]
        answers = []
        for _ in range(requests):
            status = await asyncio.to_thread(put, url, session_id, size, xsrf)
            answers.append({"status": status, "rss_mb": round(proc_status(pid)["rss_mb"], 1)})
        await asyncio.sleep(2)
        after = proc_status(pid)["rss_mb"]
    finally:
        await ws.close()
    return {"requests": requests, "size_mb": size / MB, "rss_before_mb": round(before, 1),
            "rss_after_mb": round(after, 1), "grown_mb": round(after - before, 1),
            "statuses": sorted({a["status"] for a in answers}), "answers": answers}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--size-mb", type=float, default=45)
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose streamlit_app.py to run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    db = demo_db(1)
    with tempfile.TemporaryDirectory(prefix="flood-") as folder:
        server, url = start_server(db, Path(folder), args.app_dir.resolve())
        try:
            figures = asyncio.run(flood(url, server.pid, args.requests, int(args.size_mb * MB)))
        finally:
            server.terminate()
            server.wait(20)
    figures["app_dir"] = str(args.app_dir)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"{args.requests} PUTs of {args.size_mb:g} MB from a session without an uploader ({args.app_dir}):")
        print(f"  answers {figures['statuses']}; server RSS {figures['rss_before_mb']} -> {figures['rss_after_mb']} MB "
              f"({figures['grown_mb']:+} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

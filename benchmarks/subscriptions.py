"""What a timer's run of the e-mail subscriptions costs (issue 26): `send-due` with N subscriptions due, each to a few
recipients, through a real SMTP server on 127.0.0.1 (aiosmtpd), on the demo database.

    python benchmarks/subscriptions.py [--scale N] [--subscriptions N] [--recipients N] [--files pdf,pptx] [--json]

The subscriptions are the country, each region and then provinces in turn, Thai and English alternately, all due
at once (monthly on day 1, a run on 1 December at 07:00 Bangkok time). It runs send-due twice in a child process
(a fresh interpreter, as the timer's is): the first run builds and sends everything (the time per subscription, the
child's peak RSS, the size of a mail), the second finds nothing left to send (a run with nothing due: what the timer
costs every 15 minutes). Needs Chromium for the PDF.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from _common import ROOT, demo_db

CHILD = """
import json, sys, time
from datetime import datetime
from dashboard.subscriptions import sending
from dashboard.subscriptions.schedule import BANGKOK
started = time.perf_counter()
outcomes = sending.send_due(sys.argv[1], now=datetime(2026, 12, 1, 7, 0, tzinfo=BANGKOK))
seconds = time.perf_counter() - started
hwm = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM'))
print(json.dumps({"seconds": seconds, "sent": sum(o.status == "sent" for o in outcomes),
                  "failed": [o.reason for o in outcomes if o.status == "failed"], "peak_rss_mb": hwm // 1024}))
"""


def _subscriptions(path, count: int, recipients: int, files: tuple[str, ...]) -> list:
    from dashboard.db.connection import Database
    from dashboard.scope import geography
    from dashboard.subscriptions.schedule import Schedule
    from dashboard.subscriptions.store import Subscription

    db = Database(path)
    geo = geography(db)
    db.close()
    areas = [{}] + [{"region_code": r} for r in sorted(set(geo["region_code"]))] + \
            [{"province_codes": (p,)} for p in geo["province_code"]]
    return [Subscription(f"bench {i}", tuple(f"r{i}-{k}@mol.go.th" for k in range(recipients)), files=files,
                         lang="th" if i % 2 == 0 else "en", schedule=Schedule("monthly", 1, 7),
                         created_utc="2026-11-01T00:00:00+00:00", **areas[i % len(areas)]) for i in range(count)]


def measure(scale: int, count: int, recipients: int, files: tuple[str, ...]) -> dict:
    """Returns the figures of two send-due runs over `count` subscriptions due at once (see the module's text)."""
    from aiosmtpd.controller import Controller

    from dashboard import settings
    from dashboard.subscriptions import store
    from tests.browser import free_port

    received = []

    class Relay:
        async def handle_DATA(self, server, session, envelope):
            received.append(len(envelope.content))
            return "250 OK"

    port = free_port()
    controller = Controller(Relay(), hostname="127.0.0.1", port=port)
    controller.start()
    path = demo_db(scale)
    try:
        with tempfile.TemporaryDirectory(prefix="subs-bench-") as folder:
            env = {"DASHBOARD_SUBSCRIPTIONS_FILE": f"{folder}/subscriptions.json",
                   "DASHBOARD_AUDIT_LOG": f"{folder}/audit.jsonl", "DASHBOARD_SMTP_HOST": "127.0.0.1",
                   "DASHBOARD_SMTP_PORT": str(port), "DASHBOARD_SMTP_SECURITY": "none",
                   "DASHBOARD_MAIL_FROM": "dashboard@mol.go.th", "DASHBOARD_ROLES_FILE": f"{folder}/none",
                   "PYTHAINLP_READ_ONLY": "1"}
            os.environ.update(env)
            settings.reload()
            for sub in _subscriptions(path, count, recipients, files):
                store.save(sub)
            runs = []
            for _ in range(2):
                started = time.perf_counter()
                out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=dict(os.environ),
                                     capture_output=True, text=True, check=True)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]) | {
                    "wall_s": round(time.perf_counter() - started, 2)})
    finally:
        controller.stop()
    first, second = runs
    return {"scale": scale, "subscriptions": count, "recipients_each": recipients, "files": list(files),
            "sent": first["sent"], "failed": first["failed"], "run_s": round(first["seconds"], 2),
            "run_wall_s": first["wall_s"], "per_subscription_s": round(first["seconds"] / count, 2),
            "peak_rss_mb": first["peak_rss_mb"], "mail_kb_median": sorted(received)[len(received) // 2] // 1024,
            "nothing_due_run_s": round(second["seconds"], 3), "nothing_due_wall_s": second["wall_s"],
            "nothing_due_sent": second["sent"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--subscriptions", type=int, default=10)
    parser.add_argument("--recipients", type=int, default=3)
    parser.add_argument("--files", default="pdf,pptx", help="comma-separated: pdf, pptx, or empty for text only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    files = tuple(f for f in args.files.split(",") if f)
    result = measure(args.scale, args.subscriptions, args.recipients, files)
    if args.json:
        print(json.dumps(result))
        return
    print(f"scale {result['scale']}: {result['subscriptions']} subscriptions x {result['recipients_each']} recipients, "
          f"files {'+'.join(files) or 'none'}: {result['sent']} sent, {len(result['failed'])} failed "
          f"in {result['run_s']} s ({result['per_subscription_s']} s a subscription; {result['run_wall_s']} s with "
          f"the interpreter's start), peak RSS {result['peak_rss_mb']} MB, median mail {result['mail_kb_median']} KB; "
          f"a run with nothing due: {result['nothing_due_run_s']} s ({result['nothing_due_wall_s']} s with the start)")


if __name__ == "__main__":
    main()

"""Subscriptions sent through a real SMTP server on 127.0.0.1 (aiosmtpd), read back as a mail client reads them:
the subject, the recipients, the Thai text, the attachments that open with the KPI command's numbers, a provincial
subscription with no other province in it, and a relay that refuses the first attempt delivering on the next run,
exactly once."""

import email
import io
import subprocess
from datetime import datetime, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from pptx import Presentation

from dashboard.cli import main
from dashboard.kpis import compute_kpis
from dashboard.scope import Filters
from dashboard.subscriptions import sending, store
from dashboard.subscriptions.schedule import BANGKOK, Schedule
from dashboard.thai import format_number, format_pct
from tests.apptest import kpi_command
from tests.browser import free_port, require_chromium, require_tools

DUE = datetime(2026, 12, 1, 7, 0, tzinfo=BANGKOK)   # monthly on day 1 at 07:00 (a Tuesday, a working day)
CREATED = "2026-11-15T00:00:00+00:00"


class Relay:
    """An SMTP server that keeps what it accepts; `refuse_data` refuses that many messages first (451), and
    `refuse_rcpt` refuses those recipients (550) until cleared."""

    def __init__(self):
        self.received, self.refuse_data, self.refuse_rcpt = [], 0, set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            self.refuse_data -= 1
            return "451 4.3.0 try again later"
        self.received.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def relay(known_db, clean_settings, tmp_path):
    """The relay, and settings that send through it from the hand-made database, with the subscriptions file and the
    audit log in the test's folder."""
    handler, port = Relay(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    for name, value in {"DB_PATH": known_db, "BUILD_DEMO_IF_MISSING": "false", "SMTP_HOST": "127.0.0.1",
                        "SMTP_PORT": port, "SMTP_SECURITY": "none", "MAIL_FROM": "แดชบอร์ด อสร. <dashboard@mol.go.th>",
                        "SUBSCRIPTIONS_FILE": tmp_path / "subscriptions.json", "AUDIT_LOG": tmp_path / "audit.jsonl",
                        "ROLES_FILE": tmp_path / "no-roles.toml"}.items():
        clean_settings.setenv(f"DASHBOARD_{name}", str(value))
    yield handler
    controller.stop()


def _subscription(**changes) -> store.Subscription:
    values = {"name": "ภูเก็ต รายเดือน", "recipients": ("phuket@mol.go.th",), "province_codes": ("83",),
              "files": (), "schedule": Schedule("monthly", 1, 7), "owner": "phuket@mol.go.th",
              "owner_scope": ("83",), "created_utc": CREATED} | changes
    sub = store.Subscription(**values)
    store.save(sub)
    return sub


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _attachment(message, extension: str) -> bytes:
    return next(a.get_content() for a in message.iter_attachments() if a.get_filename().endswith(extension))


def test_a_provincial_briefing_arrives_with_the_kpi_commands_numbers_in_its_text_deck_and_pdf(relay, known, known_db,
                                                                                               tmp_path):
    require_chromium()
    require_tools(("pdftotext",), "poppler-utils")
    _subscription(files=("pdf", "pptx"))
    outcomes = sending.send_due(known.path, now=DUE)
    assert [(o.recipient, o.status) for o in outcomes] == [("phuket@mol.go.th", "sent")]
    [(recipients, message)] = relay.received
    assert recipients == ["phuket@mol.go.th"]
    assert message["To"] == "phuket@mol.go.th"
    assert message["From"].addresses[0].display_name == "แดชบอร์ด อสร."   # RFC 2047-encoded on the wire
    assert message["From"].addresses[0].addr_spec == "dashboard@mol.go.th"
    assert message["Date"].datetime.utcoffset().total_seconds() == 7 * 3600   # Bangkok time
    assert message["Subject"] == "สรุปเครือข่ายอาสาสมัครแรงงาน · ภูเก็ต · ปีงบประมาณ 2569 · ข้อมูล ณ 30 ก.ย. 2569"
    assert all(part.get_content_charset() == "utf-8" for part in message.walk() if part.get_content_maintype() == "text")
    kpis = kpi_command(known_db, "--province", "83")   # what `python -m dashboard kpis` prints for the filter
    assert kpis["serving_volunteers"] == 5   # V1, V2, V4, V6, V8 (tests/fixtures.py)
    numbers = [format_number(kpis["serving_volunteers"]), format_pct(kpis["coverage_pct"])]
    text = _text(message)
    assert f"- อสร. ปฏิบัติหน้าที่: {numbers[0]}" in text and numbers[1] in text
    html = message.get_body(("html",)).get_content()
    assert numbers[1] in html and "ภูเก็ต" in html
    names = sorted(a.get_filename() for a in message.iter_attachments())
    assert names == ["briefing-fy2569-83-data-2026-09-30.pdf", "briefing-fy2569-83-data-2026-09-30.pptx"]
    deck = Presentation(io.BytesIO(_attachment(message, ".pptx")))
    deck_text = " ".join(run.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
                         for paragraph in shape.text_frame.paragraphs for run in paragraph.runs)
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(_attachment(message, ".pdf"))
    pdf_text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                                       timeout=60).stdout.split())
    for number in numbers:
        assert number in deck_text and number in pdf_text
    bangkok = compute_kpis(known, Filters(("10",)))   # the known database's other province
    for other in (format_pct(bangkok["coverage_pct"]), format_pct(bangkok["seats_filled_pct"]), "กรุงเทพ",
                  "พระบรมมหาราชวัง"):
        assert other not in text and other not in html and other not in pdf_text
    # the deck's country map names every province's tile; Bangkok's is drawn as outside the scope, with no number
    bangkok_shapes = {shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                      if shape.has_text_frame and "กรุงเทพ" in shape.text_frame.text}
    assert bangkok_shapes == {"กรุงเทพฯ"}
    assert format_pct(bangkok["coverage_pct"]) not in deck_text and format_pct(bangkok["seats_filled_pct"]) not in deck_text


def test_a_relay_that_refuses_the_first_attempt_delivers_on_the_next_run_exactly_once(relay, known):
    sub = _subscription()
    relay.refuse_data = 1
    [first] = sending.send_due(known.path, now=DUE)
    assert first.status == "failed" and "451" in first.reason and relay.received == []
    [second] = sending.send_due(known.path, now=DUE + timedelta(hours=1))
    assert second.status == "sent" and len(relay.received) == 1
    assert sending.send_due(known.path, now=DUE + timedelta(hours=2)) == []
    assert len(relay.received) == 1
    _, deliveries = store.load()
    assert [(d["subscription_id"], d["status"]) for d in deliveries] == [(sub.id, "failed"), (sub.id, "sent")]


def test_a_refused_recipient_is_tried_again_alone(relay, known):
    _subscription(recipients=("a@mol.go.th", "b@mol.go.th"))
    relay.refuse_rcpt = {"b@mol.go.th"}
    outcomes = sending.send_due(known.path, now=DUE)
    assert [(o.recipient, o.status) for o in outcomes] == [("a@mol.go.th", "sent"), ("b@mol.go.th", "failed")]
    assert "550" in outcomes[1].reason
    relay.refuse_rcpt = set()
    again = sending.send_due(known.path, now=DUE + timedelta(hours=1))
    assert [(o.recipient, o.status) for o in again] == [("b@mol.go.th", "sent")]
    assert [recipients for recipients, _ in relay.received] == [["a@mol.go.th"], ["b@mol.go.th"]]


def test_nothing_is_due_before_the_send_time_or_for_a_time_before_the_subscription(relay, known):
    _subscription()
    assert sending.send_due(known.path, now=DUE - timedelta(seconds=1)) == []   # November's send is before CREATED
    _subscription(created_utc="2026-12-01T00:00:01+00:00", name="later")
    assert [o.name for o in sending.send_due(known.path, now=DUE)] == ["ภูเก็ต รายเดือน"]


def test_a_paused_subscription_is_not_sent(relay, known):
    store.set_active(_subscription(), False)
    assert sending.send_due(known.path, now=DUE) == [] and relay.received == []


def test_a_missing_chromium_is_a_failure_with_its_reason_tried_again_once_it_is_there(relay, known, clean_settings):
    _subscription(files=("pdf",))
    clean_settings.setenv("DASHBOARD_CHROMIUM_PATH", "/nowhere/chromium")
    [failed] = sending.send_due(known.path, now=DUE)
    assert failed.status == "failed" and "Chromium is not available" in failed.reason and relay.received == []
    require_chromium()
    clean_settings.delenv("DASHBOARD_CHROMIUM_PATH")
    [sent] = sending.send_due(known.path, now=DUE + timedelta(hours=1))
    assert sent.status == "sent" and len(relay.received) == 1


def test_no_relay_configured_is_a_failure_that_says_so(relay, known, clean_settings):
    _subscription()
    clean_settings.delenv("DASHBOARD_SMTP_HOST")
    [failed] = sending.send_due(known.path, now=DUE)
    assert failed.status == "failed" and "no SMTP relay is configured" in failed.reason


def test_the_roles_file_scope_holds_at_send_time(relay, known, clean_settings, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[[users]]\nemail = "phuket@mol.go.th"\nrole = "provincial"\nprovinces = ["83"]\n')
    clean_settings.setenv("DASHBOARD_ROLES_FILE", str(roles))
    _subscription(province_codes=("10",), owner_scope=None, name="Bangkok by a Phuket officer")
    _subscription(owner="gone@mol.go.th", name="owner gone")
    outcomes = {o.name: o for o in sending.send_due(known.path, now=DUE)}
    assert "outside the owner's provinces (83)" in outcomes["Bangkok by a Phuket officer"].reason
    assert "no longer in the roles file" in outcomes["owner gone"].reason
    assert relay.received == []


def test_a_dry_run_lists_what_is_due_and_sends_and_records_nothing(relay, known, capsys):
    _subscription()
    assert main(["subscriptions", "send-due", "--dry-run", "--now", "2026-12-01T07:00"]) == 0
    out = capsys.readouterr().out
    assert "due    ภูเก็ต รายเดือน" in out and "2026-12-01T07:00:00+07:00 -> phuket@mol.go.th" in out
    assert "dry run: 1 message(s) due, nothing sent" in out
    assert relay.received == [] and store.load()[1] == []


def test_the_command_sends_and_exits_1_when_a_message_failed(relay, known, capsys):
    _subscription()
    relay.refuse_data = 1
    assert main(["subscriptions", "send-due", "--now", "2026-12-01T07:30+07:00"]) == 1
    assert "0 sent, 1 failed" in capsys.readouterr().out
    assert main(["subscriptions", "send-due", "--now", "2026-12-01T08:00+07:00"]) == 0
    assert "1 sent, 0 failed" in capsys.readouterr().out
    assert main(["subscriptions", "list"]) == 0
    assert "ภูเก็ต รายเดือน" in capsys.readouterr().out


def test_send_now_sends_at_once_and_the_scheduled_send_still_goes(relay, known):
    sub = _subscription()
    [now] = sending.send_now(known.path, sub, who="admin@mol.go.th")
    assert now.status == "sent" and now.due.startswith("now-")
    [scheduled] = sending.send_due(known.path, now=DUE)
    assert scheduled.status == "sent" and len(relay.received) == 2


def test_hostile_names_are_text_in_the_html_part(relay, known):
    _subscription(name='<img src=x onerror="alert(1)">')
    sending.send_due(known.path, now=DUE)
    [(_, message)] = relay.received
    html = message.get_body(("html",)).get_content()
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_every_send_is_in_the_audit_log(relay, known):
    from dashboard import audit

    _subscription()
    relay.refuse_data = 1
    sending.send_due(known.path, now=DUE)
    sending.send_due(known.path, now=DUE + timedelta(hours=1))
    events = audit.recent()
    assert list(events["event"]) == ["subscription_sent", "subscription_failed"]
    assert "phuket@mol.go.th" in events["what"].iloc[0] and "451" in events["what"].iloc[1]


def test_a_relay_down_for_many_runs_keeps_one_failure_record_counting_the_attempts(relay, known):
    sub = _subscription()
    relay.refuse_data = 3
    for minutes in (0, 15, 30):
        sending.send_due(known.path, now=DUE + timedelta(minutes=minutes))
    _, deliveries = store.load()
    assert [(d["status"], d["attempts"]) for d in deliveries] == [("failed", 3)]
    sending.send_due(known.path, now=DUE + timedelta(minutes=45))
    _, deliveries = store.load()
    assert [(d["subscription_id"], d["status"], d["attempts"]) for d in deliveries] == [
        (sub.id, "failed", 3), (sub.id, "sent", 1)]
    assert len(relay.received) == 1

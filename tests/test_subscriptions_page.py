"""The Subscriptions page (AppTest): an administrator adds, sees, pauses and deletes subscriptions; a refused one
says why and saves nothing; a provincial user picks only their provinces and sees only their own subscriptions;
"send now" delivers through a real SMTP server on 127.0.0.1."""

import pytest
from aiosmtpd.controller import Controller

from dashboard.subscriptions import store
from tests.apptest import as_shown, open_page
from tests.browser import free_port
from tests.test_access import AUTH, ROLES, _user


@pytest.fixture
def page_env(app_env, tmp_path):
    app_env.setenv("DASHBOARD_SUBSCRIPTIONS_FILE", str(tmp_path / "subscriptions.json"))
    return app_env


def _fill(at, *, name="รายเดือน ภูเก็ต", recipients="phuket@mol.go.th", provinces=("83",), kind="monthly", day=1,
          hour=7, form="add"):
    at.text_input(key=f"{form}-name").input(name)
    at.text_area(key=f"{form}-recipients").input(recipients)
    at.multiselect(key=f"{form}-provinces").set_value(list(provinces))
    at.radio(key=f"{form}-kind").set_value(kind)
    at.number_input(key=f"{form}-day").set_value(day)
    at.number_input(key=f"{form}-hour").set_value(hour)
    return _save(at, form)


def _save(at, form: str):
    """Clicks the save button of one form (the page has one per form, labelled alike)."""
    [save] = [b for b in at.button if b.label == "บันทึก" and b.proto.form_id == form]
    return save.click().run()


def test_an_administrator_adds_a_subscription_and_sees_it_in_the_table(page_env):
    at = open_page("subscriptions")
    assert not at.exception
    assert at.title[0].value == "ส่งรายงานสรุปทางอีเมล"
    assert "DASHBOARD_SMTP_HOST" in at.warning[0].value   # no relay configured yet: the page says so
    at = _fill(at, recipients="Phuket@mol.go.th; chief@mol.go.th", day=31, hour=8)
    assert not at.exception and not at.error
    [sub], _ = store.load()
    assert (sub.name, sub.recipients, sub.province_codes, sub.schedule.kind, sub.schedule.day, sub.schedule.hour) == (
        "รายเดือน ภูเก็ต", ("phuket@mol.go.th", "chief@mol.go.th"), ("83",), "monthly", 31, 8)
    assert sub.owner_scope is None and sub.files == ("pdf", "pptx") and sub.fiscal_year_be is None
    assert "บันทึก" in as_shown(at.success[0].value)
    row = at.dataframe[0].value.iloc[0]
    assert row["พื้นที่"] == "ภูเก็ต" and row["ปีงบประมาณ"] == "ปัจจุบัน" and row["ผลการส่งล่าสุด"] == "ยังไม่เคยส่ง"
    assert row["กำหนดส่ง"] == "ทุกวันสุดท้ายของเดือน เวลา 8:00 น. (เลื่อนเป็นวันทำการ)"
    assert row["ผู้รับ"] == "phuket@mol.go.th, chief@mol.go.th"


def test_a_refused_subscription_says_why_and_saves_nothing(page_env):
    at = _fill(open_page("subscriptions"), name=" ", recipients="not-an-address")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "กรุณาตั้งชื่อรายการ" in errors and "มีอีเมลผู้รับที่รูปแบบไม่ถูกต้อง" in errors
    assert store.load()[0] == []


def test_pause_and_delete(page_env):
    at = _fill(open_page("subscriptions"))
    [pause] = [b for b in at.button if b.label == "หยุดส่งชั่วคราว"]
    at = pause.click().run()
    assert store.load()[0][0].active is False
    assert at.dataframe[0].value.iloc[0]["ส่งครั้งถัดไป"] == "หยุดชั่วคราว"
    [delete] = [b for b in at.button if b.label == "ลบรายการนี้"]
    at = delete.click().run()
    assert store.load()[0] == [] and "ลบรายการ" in as_shown(at.success[0].value)


def test_a_provincial_user_picks_only_their_provinces_and_sees_only_their_own(page_env, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    page_env.setenv("DASHBOARD_ROLES_FILE", str(roles))
    store.save(store.Subscription("the director's", ("director@mol.go.th",), owner="director@mol.go.th"))
    at = open_page("subscriptions", user=_user("phuket@mol.go.th"), secrets=AUTH)
    assert not at.exception
    assert at.multiselect(key="add-provinces").options == ["ภูเก็ต"]
    assert "ภาค" not in [box.label for box in at.selectbox]   # no region to pick
    assert not at.dataframe   # the director's subscription is not theirs
    at = _fill(at)
    assert not at.error, [e.value for e in at.error]
    mine = [s for s in store.load()[0] if s.owner == "phuket@mol.go.th"]
    assert len(mine) == 1 and mine[0].owner_scope == ("83",)
    assert list(at.dataframe[0].value["รายการ"]) == ["รายเดือน ภูเก็ต"]


def test_send_now_delivers_and_says_so(page_env):
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.rcpt_tos)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none",
                            "MAIL_FROM": "dashboard@mol.go.th"}.items():
            page_env.setenv(f"DASHBOARD_{name}", value)
        store.save(store.Subscription("ทดสอบ", ("phuket@mol.go.th",), province_codes=("83",), files=()))
        at = open_page("subscriptions")
        assert not at.warning   # the relay is configured
        [send] = [b for b in at.button if b.label == "ส่งตอนนี้"]
        at = send.click().run()
        assert not at.exception
        assert received == [["phuket@mol.go.th"]]
        assert as_shown(at.success[0].value) == "ส่งถึง phuket@mol.go.th แล้ว"
        assert at.dataframe[0].value.iloc[0]["ผลการส่งล่าสุด"].startswith("ส่งแล้ว")
        [send] = [b for b in at.button if b.label == "ส่งตอนนี้"]
        at = send.click().run()   # pressed again at once: not sent twice
        assert received == [["phuket@mol.go.th"]]
        assert "120 วินาที" in as_shown(at.warning[0].value)
    finally:
        controller.stop()


def test_the_table_shows_bangkok_times_in_buddhist_years(known):
    """1 January 2570 is New Year's Day (a Friday): the send moves to Monday 4 January, 07:00 Bangkok time."""
    from datetime import datetime, timezone

    from dashboard.i18n import Translator
    from dashboard.subscriptions.schedule import Schedule
    from dashboard.views.subscriptions import subscriptions_table

    sub = store.Subscription("ประเทศ", ("dps@mol.go.th",), schedule=Schedule("monthly", 1, 7))
    sent = {"subscription_id": sub.id, "due": "2026-12-01T07:00:00+07:00", "recipient": "dps@mol.go.th",
            "status": "sent", "at_utc": "2026-12-01T00:01:12+00:00", "reason": ""}
    row = subscriptions_table(known, [sub], [sent], Translator("th"),
                              now=datetime(2026, 12, 6, tzinfo=timezone.utc)).iloc[0]
    assert row["ส่งครั้งถัดไป"] == "4 ม.ค. 2570 07:00"
    assert row["ผลการส่งล่าสุด"] == "ส่งแล้ว 1 ธ.ค. 2569 07:01"
    assert row["พื้นที่"] == "ทั้งประเทศ" and row["ไฟล์แนบ"] == "PDF, PPTX"


def test_an_administrator_edits_a_subscription_which_keeps_its_id_owner_and_history(page_env):
    sub = store.Subscription("เดิม", ("old@mol.go.th",), province_codes=("83",), owner="phuket@mol.go.th",
                             owner_scope=("83",), created_utc="2026-01-01T00:00:00+00:00")
    store.save(sub)
    at = open_page("subscriptions")
    form = f"edit-{sub.id}"
    assert at.text_area(key=f"{form}-recipients").value == "old@mol.go.th"   # the form starts from the subscription
    at.text_input(key=f"{form}-name").input("ใหม่")
    at.text_area(key=f"{form}-recipients").input("new@mol.go.th\nold@mol.go.th")
    at = _save(at, form)
    assert not at.exception and not at.error
    [edited], _ = store.load()
    assert (edited.id, edited.name, edited.recipients) == (sub.id, "ใหม่", ("new@mol.go.th", "old@mol.go.th"))
    assert (edited.owner, edited.owner_scope) == ("phuket@mol.go.th", ("83",))
    assert edited.created > sub.created   # the change applies from the next send time, not to one already due


def test_an_edit_outside_the_owners_provinces_is_refused(page_env):
    sub = store.Subscription("ภูเก็ต", ("a@mol.go.th",), province_codes=("83",), owner="phuket@mol.go.th",
                             owner_scope=("83",))
    store.save(sub)
    at = open_page("subscriptions")
    at.multiselect(key=f"edit-{sub.id}-provinces").set_value(["10"])
    at = _save(at, f"edit-{sub.id}")
    assert [e.value for e in at.error] == ["เลือกได้เฉพาะจังหวัดในความรับผิดชอบของท่าน"]
    assert store.load()[0][0].province_codes == ("83",)


def test_a_damaged_subscriptions_file_is_reported_and_kept(page_env, tmp_path, capsys):
    from dashboard.cli import main

    damaged = tmp_path / "subscriptions.json"
    damaged.write_text('{"subscriptions": [', encoding="utf-8")
    at = open_page("subscriptions")
    assert not at.exception
    assert "subscriptions.json cannot be read" in as_shown(at.error[0].value)
    assert main(["subscriptions", "send-due"]) == 2
    assert "subscriptions.json cannot be read" in capsys.readouterr().err
    assert damaged.read_text(encoding="utf-8") == '{"subscriptions": ['   # nothing overwrote it


def test_the_last_send_names_who_still_waits_and_why_and_the_history_lists_each_attempt(known):
    from datetime import datetime, timezone

    from dashboard.i18n import Translator
    from dashboard.views.subscriptions import deliveries_table, subscriptions_table

    sub = store.Subscription("สองคน", ("a@mol.go.th", "b@mol.go.th"))
    due = "2026-12-01T07:00:00+07:00"
    deliveries = [
        {"subscription_id": sub.id, "due": due, "recipient": "a@mol.go.th", "status": "sent",
         "at_utc": "2026-12-01T00:00:30+00:00", "reason": "", "attempts": 1},
        {"subscription_id": sub.id, "due": due, "recipient": "b@mol.go.th", "status": "failed",
         "at_utc": "2026-12-01T00:30:30+00:00", "reason": "the relay refused the recipient: 550 5.1.1 unknown",
         "attempts": 3}]
    t = Translator("th")
    row = subscriptions_table(known, [sub], deliveries, t, now=datetime(2026, 12, 6, tzinfo=timezone.utc)).iloc[0]
    assert row["ผลการส่งล่าสุด"] == ("ส่งแล้ว 1 จาก 2 คน 1 ธ.ค. 2569 07:30 · ยังไม่สำเร็จ: b@mol.go.th: "
                                    "the relay refused the recipient: 550 5.1.1 unknown")
    history = deliveries_table(sub, deliveries, t)
    assert history.values.tolist() == [
        ["1 ธ.ค. 2569 07:00", "b@mol.go.th", "ไม่สำเร็จ", 3, "1 ธ.ค. 2569 07:30",
         "the relay refused the recipient: 550 5.1.1 unknown"],
        ["1 ธ.ค. 2569 07:00", "a@mol.go.th", "ส่งแล้ว", 1, "1 ธ.ค. 2569 07:00", ""]]

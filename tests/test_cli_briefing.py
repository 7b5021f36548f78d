"""`python -m dashboard briefing`: files whose numbers equal the kpis command's, and clear exits for bad arguments."""

import json
import os
import subprocess
import sys
from io import BytesIO

import pytest
from pptx import Presentation

from dashboard import PROJECT_ROOT
from dashboard.thai import format_number, format_pct


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, timeout=120)


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env["PYTHAINLP_READ_ONLY"] = "1"
    return env | extra


@pytest.mark.parametrize("filters", [["--province", "83"], ["--region", "S", "--fy", "2568"], []])
def test_deck_cards_and_outcomes_equal_the_kpis_command(known_db, tmp_path, filters):
    out = tmp_path / "briefing.pptx"
    done = _run("briefing", "--db", str(known_db), *filters, "--format", "pptx", "--out", str(out), env=_env())
    assert done.returncode == 0, done.stderr
    assert f"pptx written to {out}" in done.stdout

    kpis = json.loads(_run("kpis", "--db", str(known_db), *filters, "--json", env=_env()).stdout)
    deck = Presentation(BytesIO(out.read_bytes()))
    cards = {s.name: s.text_frame.text.split("\n")[1] for s in deck.slides[1].shapes if s.name.startswith("kpi-")}
    assert [cards[f"kpi-{i}"] for i in range(8)] == [
        format_number(kpis["serving_volunteers"]), format_pct(kpis["coverage_pct"]),
        format_pct(kpis["seats_filled_pct"]), format_number(kpis["serving_mentors"]),
        format_number(kpis["overloaded_mentors"]), format_number(kpis["terms_ending_6m"]),
        format_number(kpis["seminars"]), format_number(kpis["satisfaction_mean"], 2)]
    outcomes = {s.name: s.text_frame.text.split("\n")[1] for s in deck.slides[-4].shapes   # before the planning slide
                if s.name.startswith("outcome-")}
    assert [outcomes[f"outcome-{i}"] for i in range(4)] == [
        format_number(kpis["activities"]), format_number(kpis["people_reached"]),
        format_pct(kpis["active_volunteers_pct"]), format_number(kpis["activities_per_volunteer"], 1)]
    assert not out.with_name("briefing.pptx.part").exists()


def test_english_deck(known_db, tmp_path):
    out = tmp_path / "en.pptx"
    assert _run("briefing", "--db", str(known_db), "--lang", "en", "--format", "pptx", "--out", str(out),
                env=_env()).returncode == 0
    title = "\n".join(s.text_frame.text for s in Presentation(str(out)).slides[0].shapes if s.has_text_frame)
    assert "Labour volunteer situation briefing" in title and "Whole country" in title


@pytest.mark.parametrize("args, message", [
    (["--province", "99"], "unknown province code(s): 99"),
    (["--region", "XX"], "unknown region code 'XX'"),
    (["--fy", "twenty"], "invalid int value: 'twenty'"),
    (["--format", "docx"], "invalid choice: 'docx'"),
])
def test_bad_arguments_exit_2_with_the_reason(known_db, tmp_path, args, message):
    out = tmp_path / "x.pptx"
    base = ["briefing", "--db", str(known_db), "--format", "pptx", "--out", str(out)]
    done = _run(*base, *args, env=_env())
    assert done.returncode == 2
    assert message in done.stderr
    assert not out.exists()


def test_missing_database_or_folder_exit_2(tmp_path):
    done = _run("briefing", "--db", str(tmp_path / "none.duckdb"), "--format", "pptx", "--out",
                str(tmp_path / "x.pptx"), env=_env())
    assert done.returncode == 2 and "no database at" in done.stderr
    done = _run("briefing", "--format", "pptx", "--out", str(tmp_path / "no" / "x.pptx"), env=_env())
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_format_and_out_are_required(known_db):
    done = _run("briefing", "--db", str(known_db), env=_env())
    assert done.returncode == 2
    assert "--format" in done.stderr and "--out" in done.stderr


def test_pdf_without_chromium_exits_3_and_says_what_is_missing(known_db, tmp_path):
    out = tmp_path / "x.pdf"
    env = _env(DASHBOARD_CHROMIUM_PATH=str(tmp_path / "no-chromium"), PATH=str(tmp_path))
    done = _run("briefing", "--db", str(known_db), "--format", "pdf", "--out", str(out), env=env)
    assert done.returncode == 3, done.stderr
    assert "cannot make the PDF" in done.stderr and "Chromium" in done.stderr
    assert not out.exists()

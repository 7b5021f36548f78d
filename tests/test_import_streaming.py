"""Imports in bounded memory (issue 20): rows streamed and checked in batches, duplicates found across batches in
SQL, a refusal found late writes nothing, control characters rejected, Windows-1252 told from Windows-874, who
imported, the CLI's --json, and the Data page's import in a child process, one at a time."""

import hashlib
import io
import json
import shutil
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard.cli import main
from dashboard.db.writer import exclusive_lock
from dashboard.importer import pipeline, read
from dashboard.importer.pipeline import import_file
from dashboard.importer.read import open_table
from dashboard.importer.refusal import FileRefused
from dashboard.ui import importing
from tests.import_files import MENTORS, run_cli, write_csv

TODAY = date(2026, 11, 24)
VOLUNTEER_HEADER = ["volunteer_id", "subdistrict_code", "registered_on", "mentor_id", "gender"]


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def content(db: Path) -> dict:
    """Everything an import writes, without the times and ids that differ from run to run."""
    return {"volunteers": rows(db, "SELECT * FROM volunteers ORDER BY volunteer_id"),
            "rejects": rows(db, "SELECT kind, line_no, reason, raw FROM import_rejects ORDER BY import_id, line_no"),
            "log": rows(db, "SELECT kind, file_name, rows_read, imported, unchanged, rejected, inserted, updated, "
                            "encoding FROM import_log ORDER BY import_id")}


@pytest.fixture
def db(known_db, tmp_path, clean_settings) -> Path:
    path = tmp_path / "db.duckdb"
    shutil.copy(known_db, path)
    return path


# A file with duplicates near and far: V20 on lines 2, 4 and 9; V21 on lines 3 and 10; a bad row between.
DUPLICATES = [VOLUNTEER_HEADER,
              ["V20", "830101", "1/1/2567", "M1", "female"],   # 2
              ["V21", "830102", "1/1/2567", "", ""],           # 3
              ["V20", "830103", "2/1/2567", "", ""],           # 4: duplicate of 2, same batch of 3
              ["V22", "Atlantis", "1/1/2567", "", ""],         # 5: rejected for its tambon
              ["V22", "830101", "1/1/2567", "", ""],           # 6: stands (line 5 was not stored)
              ["V1", "830101", "1/1/2024", "M1", "หญิง"],      # 7: updates a stored volunteer (gender)
              ["V23", "830104", "1/1/2567", "", "ชาย"],         # 8
              ["V20", "830101", "1/1/2567", "M1", "female"],   # 9: duplicate of 2, two batches later
              ["V21", "830102", "1/1/2567", "", ""],           # 10: duplicate of 3
              ["V21", "830102", "1/1/2567", "", ""]]           # 11: duplicate of 3, same batch as 10


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 4, 25_000])
def test_duplicates_across_batches_name_the_first_line_whatever_the_batch_size(db, tmp_path, monkeypatch, batch_rows):
    monkeypatch.setattr(pipeline, "BATCH_ROWS", batch_rows)
    result = import_file("volunteers", write_csv(tmp_path / "dup.csv", DUPLICATES), db, today=TODAY)
    assert (result.rows_read, result.inserted, result.updated, result.unchanged, result.rejected) == (10, 4, 1, 0, 5)
    reasons = dict(rows(db, "SELECT line_no, reason FROM import_rejects ORDER BY line_no"))
    assert reasons == {
        4: 'duplicate volunteer_id "V20": already on line 2 of this file',
        5: reasons[5],
        9: 'duplicate volunteer_id "V20": already on line 2 of this file',
        10: 'duplicate volunteer_id "V21": already on line 3 of this file',
        11: 'duplicate volunteer_id "V21": already on line 3 of this file'}
    assert reasons[5].startswith("subdistrict_code:")
    assert rows(db, "SELECT volunteer_id, subdistrict_code, gender FROM volunteers WHERE volunteer_id IN "
                    "('V20', 'V21', 'V22', 'V23') ORDER BY 1") == [
        ("V20", "830101", "female"), ("V21", "830102", None), ("V22", "830101", None), ("V23", "830104", "male")]
    raw = json.loads(rows(db, "SELECT raw FROM import_rejects WHERE line_no = 9")[0][0])
    assert raw == dict(zip(VOLUNTEER_HEADER, DUPLICATES[8]))


def test_batch_size_does_not_change_anything_stored(known_db, tmp_path, monkeypatch):
    from tests.import_files import volunteer_rows

    data = volunteer_rows(300, seed=3)
    data += [row[:] for row in data[1:40]]                                   # 39 duplicates far from their first
    data += [["B9999999", "ไม่มีตำบลนี้", "", "เชียงใหม่", "1/1/2560", "", ""]]   # one reject
    path = write_csv(tmp_path / "v.csv", data, encoding="cp874")
    results = {}
    for batch_rows in (7, 64, 25_000):
        monkeypatch.setattr(pipeline, "BATCH_ROWS", batch_rows)
        target = shutil.copy(known_db, tmp_path / f"db-{batch_rows}.duckdb")
        import_file("volunteers", path, target, today=TODAY)
        again = import_file("volunteers", path, target, today=TODAY)
        assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, 300, 40)
        results[batch_rows] = content(Path(target))
    assert results[7] == results[64] == results[25_000]
    assert results[7]["log"][-2][2:6] == (340, 300, 0, 40)


def staged_batches(monkeypatch) -> list[int]:
    """Counts the batches staged into the copy (so a test can tell a refusal came after the writing began)."""
    from dashboard.db.writer import CopyOnWrite

    staged, stage = [], CopyOnWrite.stage
    monkeypatch.setattr(CopyOnWrite, "stage", lambda self, key, records: staged.append(1) or stage(self, key, records))
    return staged


def test_a_refusal_found_late_in_the_stream_writes_nothing(db, tmp_path, monkeypatch, capsys):
    """With a pseudonym key there is no pre-pass: the broken line is found while the copy is written."""
    staged = staged_batches(monkeypatch)
    monkeypatch.setenv("DASHBOARD_PSEUDONYM_KEY", "a-test-key-that-is-long-enough")
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 5)
    monkeypatch.setattr(read, "MAX_LINE_CHARS", 200)
    data = [VOLUNTEER_HEADER] + [[f"L{i}", "830101", "1/1/2567", "", ""] for i in range(40)]
    path = write_csv(tmp_path / "late.csv", data + [["L99", "830101", "x" * 300, "", ""]])
    before = sha256(db)
    assert main(["import", "volunteers", str(path), "--db", str(db)]) == 2
    assert "line 42 is longer than 200 characters" in capsys.readouterr().err
    assert len(staged) == 8 and sha256(db) == before
    assert not list(db.parent.glob("*.import.tmp*"))


def test_a_refusal_found_late_without_a_key_comes_before_the_copy(db, tmp_path, monkeypatch):
    """Without a key the national-ID pre-pass reads the whole file: the refusal comes before the lock is taken."""
    monkeypatch.setattr(read, "MAX_CELLS", 100)
    data = [VOLUNTEER_HEADER] + [[f"L{i}", "830101", "1/1/2567", "", ""] for i in range(30)]
    before = sha256(db)
    with exclusive_lock(db):   # held: an import that reached the copy would fail, not be refused
        with pytest.raises(FileRefused, match="more than 100 values"):
            import_file("volunteers", write_csv(tmp_path / "many.csv", data), db, today=TODAY, lock_wait_s=0.1)
    assert sha256(db) == before


def test_more_rows_than_allowed_is_refused_and_writes_nothing(db, tmp_path, monkeypatch):
    staged = staged_batches(monkeypatch)
    monkeypatch.setenv("DASHBOARD_PSEUDONYM_KEY", "a-test-key-that-is-long-enough")
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 4)
    stream = open_table(write_csv(tmp_path / "r.csv", [VOLUNTEER_HEADER] + [[f"R{i}", "830101", "1/1/2567", "", ""]
                                                                            for i in range(12)]), max_rows=10)
    monkeypatch.setattr(pipeline, "open_table", lambda path: stream)
    before = sha256(db)
    with pytest.raises(FileRefused, match="more than 10 data rows"):
        import_file("volunteers", tmp_path / "r.csv", db, today=TODAY)
    assert len(staged) == 2 and sha256(db) == before and not list(db.parent.glob("*.import.tmp*"))


# --- control characters --------------------------------------------------------------------------------------------
def _mentors_with(cells: list[list[str]], path: Path) -> Path:
    """Mentor rows after 9 KB of good ones: a NUL in the first 8 KB makes the whole file "not a text file"."""
    padding = [[f"P{i}", "50", "นางสาวสุภาพร ใจดี", "นักวิชาการแรงงาน", "1/10/2560", ""] for i in range(150)]
    return write_csv(path, [MENTORS[0], *padding, *cells])


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_a_control_character_in_a_text_value_rejects_the_row(db, tmp_path, character):
    name = "นายสมชาย ใจ" + character + "ดี"   # the control character is the 12th character
    path = _mentors_with([["C1", "50", name, "", "1/10/2560", ""], ["C2", "50", "ok", "", "1/10/2560", ""]],
                         tmp_path / "ctl.csv")
    result = import_file("mentors", path, db, today=TODAY)
    assert (result.rows_read, result.rejected) == (152, 1)
    (line_no, reason, raw), = rows(db, "SELECT line_no, reason, raw FROM import_rejects")
    assert line_no == 152
    assert reason == f"full_name: contains a control character (U+{ord(character):04X}) at position 12; remove it"
    assert json.dumps(character)[1:-1] in raw and character not in raw   # stored escaped (\u0000, \f)
    assert json.loads(raw)["full_name"] == name
    assert rows(db, "SELECT count(*) FROM mentors WHERE mentor_id IN ('C1', 'C2')") == [(1,)]


def test_tab_line_feed_and_carriage_return_are_not_control_characters_here(db, tmp_path):
    path = _mentors_with([["C3", "50", "สมชาย\tใจดี", "line one\r\nline two", "1/10/2560", ""]], tmp_path / "ws.csv")
    assert import_file("mentors", path, db, today=TODAY).rejected == 0
    assert rows(db, "SELECT full_name, position FROM mentors WHERE mentor_id = 'C3'") == [("สมชาย ใจดี",
                                                                                          "line one line two")]


def test_a_control_character_in_an_id_rejects_the_row_too(db, tmp_path):
    path = _mentors_with([["C\x004", "50", "", "", "1/10/2560", ""]], tmp_path / "id.csv")
    assert import_file("mentors", path, db, today=TODAY).rejected == 1
    assert rows(db, "SELECT reason FROM import_rejects") == [
        ("mentor_id: contains a control character (U+0000) at position 2; remove it",)]


# --- Windows-1252 or Windows-874 -----------------------------------------------------------------------------------
ENCODING_CASES = {
    # name: (text, how it is written, the encoding it must be read as)
    "Café": ("mentor_id,province_code,full_name\nM1,10,Café\n", "cp1252", "windows-1252"),
    "Müller (0xFC is no Windows-874 byte)": ("mentor_id,province_code,full_name\nM1,10,Hans Müller\n", "cp1252",
                                             "windows-1252"),
    "São Paulo, naïve, Zoë": ("id,city,word\n1,São Paulo,naïve\n2,Zoë,Ñuñoa\n", "cp1252", "windows-1252"),
    "Straße, Größe, résumé": ("id,name\n1,Straße\n2,Größe\n3,résumé\n", "cp1252", "windows-1252"),
    "25°C, «guillemets»": ("id,note\n1,25°C «Café»\n", "cp1252", "windows-1252"),
    "Thai header and names": ("รหัส อสร.,ตำบล,จังหวัด\nV1,ช้างเผือก,เชียงใหม่\n", "cp874", "windows-874"),
    "short Thai: one province": ("mentor_id,province_code\nM1,กทม.\n", "cp874", "windows-874"),
    "Thai abbreviations only": ("id,gender,province\nV1,ช,จ.\nV2,ญ,อ.\n", "cp874", "windows-874"),
    "Thai mixed with Latin words": ("id,name,note\nM1,John Smith ใจดี,Excel ไฟล์\nM2,นายA,ok\n", "cp874",
                                    "windows-874"),
    "Thai glued to Latin": ("id,name\nA1,ตำบลA\nA2,Xเชียงใหม่\n", "cp874", "windows-874"),
    "Thai with one accented-looking pair": ("id,name,note\n1,สมชาย,ใจดี\n2,สมหญิง,ok\n3,Mrกข,x\n", "cp874",
                                            "windows-874"),
    "ASCII only": ("id,name\n1,Smith\n", "cp1252", "utf-8"),
}


@pytest.mark.parametrize("name", ENCODING_CASES)
def test_windows_1252_is_told_from_windows_874(tmp_path, name):
    text, written_as, read_as = ENCODING_CASES[name]
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(written_as))
    stream = open_table(path)
    assert stream.encoding == read_as
    assert [cells for _, cells in stream.rows()] == [line.split(",") for line in text.splitlines()[1:]]


def test_a_real_thai_office_file_stays_windows_874(tmp_path):
    from tests.import_files import volunteer_rows

    path = write_csv(tmp_path / "v.csv", volunteer_rows(200, seed=5), encoding="cp874")
    assert open_table(path).encoding == "windows-874"


def test_a_windows_1252_file_imports_its_accents(db, tmp_path):
    path = write_csv(tmp_path / "m.csv", [["mentor_id", "province_code", "full_name", "position", "started_on"],
                                          ["W1", "Bangkok", "Café Müller", "São Paulo", "2020-01-01"],
                                          ["W2", "10", "naïve Zoë", "", "2020-01-01"]], encoding="cp1252")
    result = import_file("mentors", path, db, today=TODAY)
    assert (result.inserted, result.rejected, result.encoding) == (2, 0, "windows-1252")
    assert rows(db, "SELECT full_name, position FROM mentors WHERE mentor_id LIKE 'W%' ORDER BY 1") == [
        ("Café Müller", "São Paulo"), ("naïve Zoë", None)]


def test_bytes_neither_encoding_decodes_are_still_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,name\n1,caf\x81\x8d\xfe\n")   # 0x81 and 0x8D are undefined in both
    with pytest.raises(FileRefused, match="neither UTF-8 nor Windows-874"):
        open_table(path)


# --- who imported, and the CLI's --json ------------------------------------------------------------------------------
def test_imported_by_is_stored(db, tmp_path):
    import_file("mentors", write_csv(tmp_path / "m.csv", MENTORS), db, today=TODAY, imported_by="admin@mol.go.th")
    import_file("mentors", write_csv(tmp_path / "m.csv", MENTORS), db, today=TODAY)
    assert rows(db, "SELECT imported_by FROM import_log ORDER BY import_id") == [("admin@mol.go.th",), (None,)]


def test_the_cli_stores_its_unix_user_unless_told_who(db, tmp_path):
    import getpass

    path = write_csv(tmp_path / "m.csv", MENTORS)
    assert run_cli("import", "mentors", path, "--db", db).returncode == 0
    assert run_cli("import", "mentors", path, "--db", db, "--imported-by", "ops@mol.go.th",
                   "--file-name", "พี่เลี้ยง.csv").returncode == 0
    assert rows(db, "SELECT imported_by, file_name FROM import_log ORDER BY import_id") == [
        (f"cli:{getpass.getuser()}", "m.csv"), ("ops@mol.go.th", "พี่เลี้ยง.csv")]


def test_json_output_and_exit_codes(tmp_path):
    db = tmp_path / "fresh.duckdb"
    good = write_csv(tmp_path / "m.csv", [*MENTORS, ["M9", "Atlantis", "", "", "1/1/2567", ""]])
    done = run_cli("import", "mentors", good, "--db", db, "--json", "--file-name", "ชื่อไฟล์.csv")
    assert done.returncode == 0 and len(done.stdout.strip().splitlines()) == 1
    answer = json.loads(done.stdout)
    assert {k: answer[k] for k in ("kind", "file_name", "rows_read", "inserted", "updated", "unchanged", "rejected",
                                   "imported", "encoding", "unused_columns", "pseudonymised")} == {
        "kind": "mentors", "file_name": "ชื่อไฟล์.csv", "rows_read": 4, "inserted": 3, "updated": 0, "unchanged": 0,
        "rejected": 1, "imported": 3, "encoding": "utf-8", "unused_columns": [], "pseudonymised": 0}
    assert answer["summary"].startswith("ชื่อไฟล์.csv: 4 rows read") and answer["import_id"] > 0

    refused = tmp_path / "r.csv"
    refused.write_bytes(b"mentor_id,started_on\nM1,1/1/2567\n")
    done = run_cli("import", "mentors", refused, "--db", db, "--json")
    assert done.returncode == 2 and json.loads(done.stdout) == {"refused": "required column province_code "
                                                                           "(จังหวัด) is missing"}
    with exclusive_lock(db):
        done = run_cli("import", "mentors", good, "--db", db, "--json", "--lock-wait", "0.2")
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"failed": "another import into fresh.duckdb is still running; try again when "
                                                 "it ends"}


# --- the Data page's import: a child process, one at a time ----------------------------------------------------------
UPLOAD = [MENTORS[0]] + [["U" + row[0][1:], *row[1:]] for row in MENTORS[1:]]


class Upload(io.BytesIO):
    """Like Streamlit's UploadedFile: file-like, with a name and a size; getvalue() must not be needed."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name, self.size = name, len(data)

    def getvalue(self):
        raise AssertionError("the upload was read whole")


@pytest.fixture
def page_db(db, clean_settings, tmp_path):
    clean_settings.setenv("DASHBOARD_DB_PATH", str(db))
    clean_settings.setenv("DASHBOARD_BUILD_DEMO_IF_MISSING", "false")
    clean_settings.setattr(importing, "upload_limit_mb", lambda: 50)
    return db


def test_an_upload_is_imported_by_a_child_process(page_db, monkeypatch):
    import subprocess

    def not_here(*args, **kwargs):
        raise AssertionError("imported inside the server process")

    commands, real_run = [], subprocess.run

    def run(command, **kwargs):
        commands.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(pipeline, "import_file", not_here)
    monkeypatch.setattr(importing.subprocess, "run", run)
    data = "\r\n".join(",".join(row) for row in UPLOAD).encode("cp874")
    outcome = importing.import_upload("mentors", "พี่เลี้ยง.csv", Upload(data, "พี่เลี้ยง.csv"), who="admin@mol.go.th")
    assert outcome.refused is None and outcome.failed is None
    r = outcome.result
    assert (r.file_name, r.rows_read, r.inserted, r.unchanged, r.encoding) == ("พี่เลี้ยง.csv", 3, 3, 0, "windows-874")
    assert "os.nice" in commands[0][2] and commands[0][3] == str(importing.NICENESS)
    assert commands[0][4:6] == ["import", "mentors"] and commands[0][-1] == "--json"
    assert isinstance(r.unused_columns, tuple)
    assert rows(page_db, "SELECT file_name, imported_by FROM import_log") == [("พี่เลี้ยง.csv", "admin@mol.go.th")]
    refused = importing.import_upload("mentors", "scan.csv", Upload(b"%PDF-1.7 x", "scan.csv"))
    assert refused.result is None and "PDF" in refused.refused


def test_a_second_upload_while_one_runs_is_told_at_once(page_db, monkeypatch):
    monkeypatch.setattr(importing, "LOCK_WAIT_S", 4)
    data = "\r\n".join(",".join(row) for row in MENTORS).encode()
    outcomes = {}
    with exclusive_lock(page_db):   # another process's import: the first upload's child waits for it
        first = threading.Thread(target=lambda: outcomes.setdefault(
            "first", importing.import_upload("mentors", "a.csv", Upload(data, "a.csv"), who="a")))
        first.start()
        time.sleep(0.5)
        started = time.perf_counter()
        outcomes["second"] = importing.import_upload("mentors", "b.csv", Upload(data, "b.csv"), who="b")
        assert time.perf_counter() - started < 1
        time.sleep(0.5)
    first.join(60)
    assert outcomes["second"].failed == importing.ANOTHER_IMPORT and outcomes["second"].result is None
    assert outcomes["first"].result is not None and outcomes["first"].result.file_name == "a.csv"
    assert rows(page_db, "SELECT file_name, imported_by FROM import_log") == [("a.csv", "a")]


def test_an_import_over_the_time_limit_is_stopped_and_writes_nothing(page_db, monkeypatch):
    page_db_sha = sha256(page_db)
    monkeypatch.setenv("DASHBOARD_IMPORT_TIMEOUT_S", "2")
    data = "\r\n".join(",".join(row) for row in MENTORS).encode()
    with exclusive_lock(page_db):   # the child waits for it (10 s) longer than it may run
        outcome = importing.import_upload("mentors", "slow.csv", Upload(data, "slow.csv"))
    assert outcome.failed.startswith("the import took longer than 2 s and was stopped")
    assert sha256(page_db) == page_db_sha

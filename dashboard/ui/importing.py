"""Running an import from an uploaded file (the Data page), with the same rules and summary as the CLI.

The import does not run in the server: the upload is streamed to a temporary file and imported by
`python -m dashboard import ... --json` in a child process, at a lower CPU priority and under a time limit
(import_timeout_s), so a large file costs the other users' pages neither memory nor much speed. One import
runs at a time per server process (a second upload is told so at once); between processes the writer's
lock file (`<db>.lock`) still orders them.
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO

import streamlit as st

from dashboard import PROJECT_ROOT, settings
from dashboard.importer.pipeline import ImportResult

log = logging.getLogger(__name__)

NICENESS = 10               # added to the child's CPU niceness: the server's pages come first
LOCK_WAIT_S = 10            # how long the child waits for an import run by another process (the CLI's)
COPY_CHUNK = 1024 * 1024
ANOTHER_IMPORT = "another import is running on this server; try again when it ends"
# The child lowers its own priority (os.nice) and then runs `python -m dashboard`: the server has threads, so no
# preexec_fn runs between fork and exec.
_CHILD = ("import os, runpy, sys; os.nice(int(sys.argv.pop(1))); sys.argv[0] = 'dashboard'; "
          "runpy.run_module('dashboard', run_name='__main__', alter_sys=True)")
_running = threading.Lock()


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to an upload: a result, or the reason the file was refused or not written."""

    file_name: str
    result: ImportResult | None = None
    refused: str | None = None
    failed: str | None = None


def upload_limit_mb() -> int:
    """Returns the largest upload accepted, in MB (Streamlit's server.maxUploadSize, also enforced here)."""
    return int(st.get_option("server.maxUploadSize"))


UPLOAD_TYPES = ("csv", "xlsx", "txt")
_UPLOADER = '[data-testid="stFileUploaderDropzone"]'


def _css_string(text: str) -> str:
    """Returns text as a CSS string: every character but letters, digits, spaces and a few signs as an escape, so
    no text can end the string or the style."""
    return '"' + "".join(c if c.isalnum() or c in " .,•()" else f"\\{ord(c):x} " for c in text) + '"'


def file_uploader(t, *, disabled: bool):
    """Draws the Data page's file uploader with its button and size line in the page's language (Streamlit writes
    them in English and has no option to change them: a style puts the catalogue's words in their place)."""
    button = t("data.file_button")
    limit = t("data.file_limit", mb=upload_limit_mb(), types=", ".join(k.upper() for k in UPLOAD_TYPES))
    st.html(f"""<style>
{_UPLOADER} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
{_UPLOADER} button [data-testid="stMarkdownContainer"] p::after {{ content: {_css_string(button)}; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {_css_string(limit)}; font-size: 0.875rem; }}
</style>""")
    return st.file_uploader(t("data.file"), type=list(UPLOAD_TYPES), help=t("data.file_help"), disabled=disabled)


def _size(upload: BinaryIO | Path) -> int:
    if isinstance(upload, Path):
        return upload.stat().st_size
    size = getattr(upload, "size", None)   # Streamlit's UploadedFile
    if size is None:
        position = upload.tell()
        size = upload.seek(0, 2)
        upload.seek(position)
    return int(size)


def import_upload(kind: str, file_name: str, upload: BinaryIO | str | Path, *, who: str = "") -> UploadOutcome:
    """Imports an uploaded file (file-like, or a path) into the configured database in a child process."""
    upload = Path(upload) if isinstance(upload, str) else upload
    limit_mb = upload_limit_mb()
    size = _size(upload)
    if size > limit_mb * 1024 * 1024:
        return UploadOutcome(file_name, refused=f"the file is {size / 1024 / 1024:.1f} MB, more than the "
                                                f"{limit_mb} MB limit; split it into smaller files. Nothing was written")
    if not _running.acquire(blocking=False):
        return UploadOutcome(file_name, failed=ANOTHER_IMPORT)
    try:
        if isinstance(upload, Path):
            return _run_import(kind, upload, file_name, who)
        with tempfile.NamedTemporaryFile(prefix="upload-", suffix=Path(file_name).suffix[:8]) as tmp:
            upload.seek(0)
            shutil.copyfileobj(upload, tmp, COPY_CHUNK)
            tmp.flush()
            return _run_import(kind, Path(tmp.name), file_name, who)
    finally:
        _running.release()


def _run_import(kind: str, path: Path, file_name: str, who: str) -> UploadOutcome:
    timeout_s = int(settings.get("import_timeout_s"))
    command = [sys.executable, "-c", _CHILD, str(NICENESS), "import", kind, str(path), "--db", str(settings.db_path()),
               "--file-name", file_name, "--imported-by", who or "open", "--lock-wait", str(LOCK_WAIT_S), "--json"]
    try:
        done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, encoding="utf-8", errors="replace",
                              timeout=timeout_s, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    except subprocess.TimeoutExpired:
        log.warning("upload import of %s stopped after %s s", file_name, timeout_s)
        return UploadOutcome(file_name, failed=f"the import took longer than {timeout_s:,} s and was stopped; "
                                               "import a smaller file, or ask the administrator to import it")
    return _outcome(file_name, done)


def _outcome(file_name: str, done: subprocess.CompletedProcess) -> UploadOutcome:
    """Maps the child's exit code and JSON line back to an outcome: 0 a result, 2 refused, 1 failed."""
    lines = done.stdout.strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        answer = {}
    if done.returncode == 0 and "import_id" in answer:
        values = {f.name: answer[f.name] for f in fields(ImportResult)}
        values["unused_columns"] = tuple(values["unused_columns"])
        return UploadOutcome(file_name, result=ImportResult(**values))
    if done.returncode == 2 and "refused" in answer:
        return UploadOutcome(file_name, refused=answer["refused"])
    if done.returncode == 1 and "failed" in answer:
        log.warning("upload import failed: %s", answer["failed"])
        return UploadOutcome(file_name, failed=answer["failed"])
    log.error("upload import of %s ended with exit code %s: %s", file_name, done.returncode, done.stderr[-2000:])
    return UploadOutcome(file_name, failed=f"the import process ended unexpectedly (exit code {done.returncode}); "
                                           "the server log has the details")

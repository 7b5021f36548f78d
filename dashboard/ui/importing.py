"""Running an import from an uploaded file (the Data page), with the same rules and summary as the CLI."""

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import settings
from dashboard.db.writer import WriteFailed
from dashboard.importer.pipeline import ImportResult, import_file
from dashboard.importer.read import FileRefused

log = logging.getLogger(__name__)


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


def import_upload(kind: str, file_name: str, data: bytes) -> UploadOutcome:
    """Imports uploaded bytes into the configured database (copy, one transaction, atomic replace)."""
    limit_mb = upload_limit_mb()
    if len(data) > limit_mb * 1024 * 1024:
        return UploadOutcome(file_name, refused=f"the file is {len(data) / 1024 / 1024:.1f} MB, more than the "
                                                f"{limit_mb} MB limit; split it into smaller files. Nothing was written")
    suffix = Path(file_name).suffix[:8]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            result = import_file(kind, tmp.name, settings.db_path(), file_name=file_name, lock_wait_s=10)
        except FileRefused as exc:
            return UploadOutcome(file_name, refused=str(exc))
        except WriteFailed as exc:
            log.warning("upload import failed: %s", exc)
            return UploadOutcome(file_name, failed=str(exc))
    return UploadOutcome(file_name, result=result)

"""Named SQL files under `dashboard/db/sql/`, read once and run through the one door."""

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def sql(name: str) -> str:
    """Returns the text of the named SQL file (without the `.sql` suffix)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")

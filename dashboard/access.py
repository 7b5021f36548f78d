"""Who may see what: roles, the province scope of a provincial user, and the roles file that assigns them.

The roles file (TOML, setting `roles_file`) lists users by email or OIDC subject:

    [[users]]
    email = "director@mol.go.th"
    role = "executive"

    [[users]]
    email = "chiangmai@mol.go.th"
    role = "provincial"
    provinces = ["50"]

A user who is not listed has no access. A file with a mistake grants nothing (fail closed) and says where.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import geothai

ROLES = ("admin", "executive", "provincial")
PROVINCE_CODE = re.compile(r"\d{2}")


class RolesFileError(Exception):
    """The roles file cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class Access:
    """A user's identity, role and province scope (None: every province)."""

    who: str
    role: str
    provinces: tuple[str, ...] | None = None
    signed_in: bool = True

    @property
    def scope(self) -> tuple[str, ...] | None:
        """Returns the provinces this user may see, or None for all."""
        return self.provinces if self.role == "provincial" else None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


OPEN_ACCESS = Access(who="", role="admin", signed_in=False)


@dataclass(frozen=True)
class Roles:
    """The users of the roles file, by lower-cased email and by subject."""

    by_email: dict[str, Access]
    by_subject: dict[str, Access]

    def lookup(self, *, email: str | None, subject: str | None, email_verified: bool = True) -> Access | None:
        """Returns the access of a signed-in user, or None when the roles file does not list them (an email is
        matched only when the provider verified it)."""
        if subject and subject in self.by_subject:
            return self.by_subject[subject]
        if email_verified and email and email.strip().lower() in self.by_email:
            return self.by_email[email.strip().lower()]
        return None

    def lists_email(self, email: str | None) -> bool:
        """Tells whether the roles file lists this email (whether or not it was verified)."""
        return bool(email) and email.strip().lower() in self.by_email


def email_verified(claims: dict) -> bool:
    """Tells whether the provider's claims mark the email as verified (`email_verified` true, as a boolean or the
    string some providers send)."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _entry(index: int, entry: dict, known_provinces: set[str]) -> Access:
    where = f"entry {index + 1}"
    if not isinstance(entry, dict):
        raise RolesFileError(f"{where}: expected a table with email or subject and role")
    unknown = set(entry) - {"email", "subject", "role", "provinces", "name"}
    if unknown:
        raise RolesFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    who = entry.get("email") or entry.get("subject")
    if not isinstance(who, str) or not who.strip():
        raise RolesFileError(f"{where}: needs an email or a subject")
    role = entry.get("role")
    if role not in ROLES:
        raise RolesFileError(f"{where} ({who}): role must be one of {', '.join(ROLES)}, not {role!r}")
    provinces = entry.get("provinces")
    if role != "provincial":
        if provinces:
            raise RolesFileError(f"{where} ({who}): only a provincial user has provinces")
        return Access(who=who.strip(), role=role)
    if not isinstance(provinces, list) or not provinces:
        raise RolesFileError(f"{where} ({who}): a provincial user needs a non-empty provinces list")
    codes = [str(code).strip() for code in provinces]
    wrong = [c for c in codes if not PROVINCE_CODE.fullmatch(c) or c not in known_provinces]
    if wrong:
        raise RolesFileError(f"{where} ({who}): unknown province code(s) {', '.join(wrong)}")
    return Access(who=who.strip(), role=role, provinces=tuple(sorted(set(codes))))


def parse_roles(text: str, known_provinces: set[str]) -> Roles:
    """Returns the roles of a roles file's text; raises RolesFileError naming the first mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesFileError(f"not valid TOML: {exc}") from None
    entries = data.get("users", [])
    if not isinstance(entries, list):
        raise RolesFileError("`users` must be an array of tables ([[users]])")
    by_email: dict[str, Access] = {}
    by_subject: dict[str, Access] = {}
    for index, entry in enumerate(entries):
        access = _entry(index, entry, known_provinces)
        if entry.get("subject"):
            by_subject[entry["subject"].strip()] = access
        if entry.get("email"):
            key = entry["email"].strip().lower()
            if key in by_email:
                raise RolesFileError(f"entry {index + 1}: {entry['email']} is listed twice")
            by_email[key] = access
    return Roles(by_email, by_subject)


def load_roles(path: Path, known_provinces: set[str]) -> Roles:
    """Returns the roles of the file at path; a missing file lists nobody."""
    if not path.is_file():
        return Roles({}, {})
    return parse_roles(path.read_text(encoding="utf-8"), known_provinces)


def load_roles_file(path: Path) -> Roles:
    """Returns the roles of the roles file at path, its provinces checked against the 77 official ones (geothai)."""
    return load_roles(path, {province.code for province in geothai.provinces()})

"""Thai national ID numbers (เลขประจำตัวประชาชน) on import: recognised, and never stored (PDPA).

A 13-digit number whose last digit is its check digit is a national ID number. In an id column it
is stored as a keyed pseudonym (HMAC-SHA256 under the `pseudonym_key` setting); with a wrong check
digit the row is rejected. In free text and in the raw text kept for rejected rows every such number
is replaced: by its pseudonym when valid and a key is set, else by MASK. See docs/data-format.md 3.10.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

from dashboard.importer.values import ValueProblem, clean_text
from dashboard.thai import to_arabic_digits

PSEUDONYM_PREFIX = "NID-"
PSEUDONYM_HEX_CHARS = 16
MASK = "x-xxxx-xxxxx-xx-x"
LENGTH = 13

_DIGIT = "[0-9๐-๙]"
# Spaces, or one dash with optional spaces, between the groups of the usual 1-2345-67890-12-3 form.
_SEPARATOR = r"(?:\s*[-\u2010-\u2015\u2212]\s*|\s+)?"
_NUMBER = rf"{_DIGIT}{_SEPARATOR}{_DIGIT}{{4}}{_SEPARATOR}{_DIGIT}{{5}}{_SEPARATOR}{_DIGIT}{{2}}{_SEPARATOR}{_DIGIT}"
_WHOLE_CELL = re.compile(_NUMBER)
# In text, a number touching a Latin letter or another digit is part of a code (B0000000000001, a pseudonym's
# hex), not an ID number; a Thai letter may touch it (เลขบัตร1234567890123).
_CODE_CHAR = "[0-9๐-๙A-Za-z_]"
_IN_TEXT = re.compile(rf"(?<!{_CODE_CHAR}){_NUMBER}(?!{_CODE_CHAR})")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def check_digit(first_12_digits: str) -> int:
    """Returns the check digit (0-9) of the first 12 digits of a Thai national ID number."""
    total = sum(int(digit) * (LENGTH - i) for i, digit in enumerate(first_12_digits))
    return (11 - total % 11) % 10


def _digits(text: str) -> str:
    return "".join(ch for ch in to_arabic_digits(text) if "0" <= ch <= "9")


def is_valid_national_id(text: str) -> bool:
    """Returns whether the whole text is a national ID number (any digits and grouping) with a correct check digit."""
    digits = national_id_digits(text)
    return digits is not None and check_digit(digits[:12]) == int(digits[12])


def national_id_digits(text: str) -> str | None:
    """Returns the 13 Arabic digits when the whole text is written as a national ID number (any check digit)."""
    text = text.strip()
    if len(text) < LENGTH or _WHOLE_CELL.fullmatch(text) is None:
        return None
    return _digits(text)


def pseudonym(digits: str, key: str) -> str:
    """Returns the pseudonym of 13 Arabic digits: "NID-" + the first 16 hex digits (upper case) of HMAC-SHA256."""
    mac = hmac.new(key.encode("utf-8"), digits.encode("ascii"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + mac[:PSEUDONYM_HEX_CHARS].upper()


@dataclass
class NationalIds:
    """Replaces national ID numbers during one import; counts the id cells stored as pseudonyms."""

    key: str = ""
    pseudonymised: int = 0

    def stored_id(self, text: str) -> str:
        """Returns the value to store for an id cell: the pseudonym of a national ID number, else the text as it is."""
        digits = national_id_digits(text)
        if digits is None:
            return text
        if check_digit(digits[:12]) != int(digits[12]):
            raise ValueProblem("looks like a Thai national ID number (13 digits) but its check digit is wrong; "
                               "correct the number (it is not stored, not even in the rejected rows)")
        if not self.key:
            # import_file refuses such a file before any row is checked; this guards other callers.
            raise ValueProblem("is a Thai national ID number and no pseudonym key is set")
        self.pseudonymised += 1
        return pseudonym(digits, self.key)

    def _replacement(self, match: re.Match) -> str:
        digits = _digits(match.group())
        if self.key and check_digit(digits[:12]) == int(digits[12]):
            return pseudonym(digits, self.key)
        return MASK

    def scrub(self, text: str) -> str:
        """Returns text with each national ID number replaced: by its pseudonym if valid and keyed, else by MASK."""
        if len(text) < LENGTH:
            return text
        visible = _INVISIBLE.sub("", text)
        if _IN_TEXT.search(visible) is None:
            return text
        return _IN_TEXT.sub(self._replacement, visible)


def first_national_id(rows: list[tuple[int, list[str]]], id_columns: dict[str, int]) -> tuple[str, int] | None:
    """Returns (column, line number) of the first id cell that holds a valid national ID number, or None."""
    ordered = sorted(id_columns.items(), key=lambda item: item[1])
    for line_no, cells in rows:
        for name, index in ordered:
            if index < len(cells) and is_valid_national_id(clean_text(cells[index])):
                return name, line_no
    return None

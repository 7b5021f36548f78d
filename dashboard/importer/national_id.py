"""Thai national ID numbers (เลขประจำตัวประชาชน) on import: recognised, and never stored (PDPA).

A 13-digit number whose last digit is its check digit is a national ID number, whatever it is written with:
decimal digits of any script (Thai, full-width, Arabic-Indic...), characters that show nothing inside it, and
any run of spaces, dashes, dots, slashes, underscores or commas between its groups. In an id column a cell that
is such a number (an Excel apostrophe, quotes or a float's `.0` around it allowed) is stored as a keyed pseudonym
(HMAC-SHA256 under the `pseudonym_key` setting); with a wrong check digit, written plain or in the card's 1-4-5-2-1
groups, the row is rejected; so is an id that holds a valid one among letters (ID1101700230708). In free text and
in the raw text kept for rejected rows every such number is replaced: by its pseudonym when valid and a key is set,
else by MASK; among other numbers only the plain, card or fours grouping counts. See docs/data-format.md 3.10.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from dashboard.importer.values import ValueProblem, clean_text

PSEUDONYM_PREFIX = "NID-"
PSEUDONYM_HEX_CHARS = 16
MASK = "x-xxxx-xxxxx-xx-x"
LENGTH = 13

PLAIN = (13,)
CARD_GROUPS = (1, 4, 5, 2, 1)
# A 13-digit number with a wrong check digit is still taken for a mistyped ID number when written like one.
WRONG_CHECK_SHAPES = frozenset({PLAIN, CARD_GROUPS})
# A number that is not alone (other digits around it, joined by separators, or letters in an id) is taken for an
# ID number only when written as ID numbers are: plain, as on the card or in fours; not the 3-4-3-3 of two
# phone numbers side by side or a date and a sequence (ACT-20231127-00003).
WRITTEN_SHAPES = WRONG_CHECK_SHAPES | {(4, 4, 4, 1)}


def _character_class(belongs, beyond_the_bmp: str = "") -> str:
    """Returns a regex class of the characters of the Basic Multilingual Plane for which belongs(ch) is true,
    and the given ranges beyond it."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if belongs(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    listed = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return f"[{listed}{beyond_the_bmp}]"


# Characters that show nothing or only mark the one before (zero-width spaces and joiners, word joiner, soft
# hyphen, direction marks, BOM, variation selectors, combining marks), and the invisible tag characters.
_INVISIBLE = _character_class(lambda ch: unicodedata.category(ch) in ("Cf", "Mn", "Me"), "\U000e0000-\U000e0fff")
# Between the groups of a number: any space, dash or connector (_), and . / , in any width.
_SEPARATOR = _character_class(lambda ch: ch.isspace() or unicodedata.category(ch) in ("Pd", "Pc")
                              or ch in "./,\u2212\u2044\u2215\u00b7\u2027\uff0e\uff0f\uff0c\u066b\u066c\u060c\u3001")
# `\d` is every Unicode decimal digit (str.isdecimal): Arabic, Thai, full-width, Arabic-Indic, Lao, Myanmar...
_GROUP = re.compile(rf"\d(?:{_INVISIBLE}*+\d)*+")
_JOINER = rf"(?:{_SEPARATOR}|{_INVISIBLE})"
# A number as written: digits joined by separators and invisible characters, as far as it goes.
_NUMBER = rf"\d(?:{_JOINER}*+\d)*+"
# One with 13 digits or more, the only ones worth a closer look (a date and a time has 14: 2017-11-27 00:00:00).
_LONG_NUMBER = rf"(?<!\d)\d(?:{_JOINER}*+\d){{{LENGTH - 1}}}(?:{_JOINER}*+\d)*+"
# A pseudonym already in the text (a rejected row fixed and sent again) is left whole: its hex may hold digits.
_NUMBERS = re.compile(rf"(?P<pseudonym>{PSEUDONYM_PREFIX}[0-9A-F]{{{PSEUDONYM_HEX_CHARS}}})|{_LONG_NUMBER}")
# Whether a text has 13 decimal digits at all: anchored and possessive, so one linear pass.
_THIRTEEN_DIGITS = re.compile(rf"(?:\D*+\d){{{LENGTH}}}")
# A whole cell: the number, and around it neither a letter nor a digit (Excel's leading apostrophe, its ="..."
# formula, quotes, brackets, spaces, a stray dash).
_EDGE = rf"(?:[\W_]|{_INVISIBLE})*"
_WHOLE_CELL = re.compile(rf"{_EDGE}(?P<number>{_NUMBER}){_EDGE}")
_FLOAT_POINT = frozenset(".,\u066b")
# The written shapes as characters (a group of 4 digits is chr(4)), to find them among the groups at C speed.
_WRITTEN_SHAPE_AT = re.compile("(?=(" + "|".join(re.escape("".join(map(chr, s))) for s in WRITTEN_SHAPES) + "))")
_CODE_LETTER = re.compile(rf"{_INVISIBLE}*[A-Za-z_]")
_CODE_LETTER_BEFORE = re.compile(rf"[A-Za-z_]{_INVISIBLE}*\Z")


def check_digit(first_12_digits: str) -> int:
    """Returns the check digit (0-9) of the first 12 digits of a Thai national ID number."""
    total = sum(int(digit) * (LENGTH - i) for i, digit in enumerate(first_12_digits))
    return (11 - total % 11) % 10


def _has_valid_check_digit(digits: str) -> bool:
    return check_digit(digits[:12]) == int(digits[12])


def _ascii_digits(group: str) -> str:
    """Returns the decimal digits of a group as ASCII digits, without the invisible characters between them."""
    if group.isascii():
        return group
    return "".join(str(unicodedata.decimal(ch)) for ch in group if ch.isdecimal())


def _groups(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(g.start(), g.end(), _ascii_digits(g.group())) for g in _GROUP.finditer(text, start, end)]


def _whole_number(text: str) -> tuple[str, tuple[int, ...]] | None:
    """Returns (13 ASCII digits, lengths of the groups) when the whole cell is one 13-digit number, else None."""
    if len(text) < LENGTH:
        return None
    match = _WHOLE_CELL.fullmatch(text)
    if match is None:
        return None
    groups = _groups(text, match.start("number"), match.end("number"))
    shape = tuple(len(digits) for _, _, digits in groups)
    if sum(shape) == LENGTH:
        return "".join(digits for _, _, digits in groups), shape
    # A float export (1509900012341.0): the number, then a point and zeros only.
    if (len(shape) == 2 and shape[0] == LENGTH and not groups[1][2].strip("0")
            and text[groups[0][1]:groups[1][0]] in _FLOAT_POINT):
        return groups[0][2], PLAIN
    return None


def national_id_digits(text: str) -> str | None:
    """Returns the 13 Arabic digits when the whole text is written as a national ID number (a wrong check digit
    only in the plain or the card's grouping), else None."""
    found = _whole_number(text)
    if found is None:
        return None
    digits, shape = found
    return digits if shape in WRONG_CHECK_SHAPES or _has_valid_check_digit(digits) else None


def is_valid_national_id(text: str) -> bool:
    """Returns whether the whole text is a national ID number (any digits and grouping) with a correct check digit."""
    found = _whole_number(text)
    return found is not None and _has_valid_check_digit(found[0])


def pseudonym(digits: str, key: str) -> str:
    """Returns the pseudonym of 13 Arabic digits: "NID-" + the first 16 hex digits (upper case) of HMAC-SHA256."""
    mac = hmac.new(key.encode("utf-8"), digits.encode("ascii"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + mac[:PSEUDONYM_HEX_CHARS].upper()


class _Found(NamedTuple):
    """A national ID number found in text: where, its digits, whether valid, and the lengths of its groups.

    Overlapping readings are one _Found without digits (to be masked), valid if one of them is."""

    start: int
    end: int
    digits: str | None
    valid: bool
    shape: tuple[int, ...]


def _touches_code_letter(text: str, start: int, end: int) -> bool:
    # Looking back a bounded stretch keeps a text of many numbers linear; past it the number is masked (the safe side).
    return bool(_CODE_LETTER.match(text, end) or _CODE_LETTER_BEFORE.search(text, max(0, start - 32), start))


def _readings(lengths: list[int]) -> list[tuple[int, int]]:
    """Returns (first, last + 1) of the runs of groups that may be one national ID number."""
    if sum(lengths) == LENGTH:
        return [(0, len(lengths))]   # the number stands alone: any grouping
    coded = "".join(chr(min(n, 0xff)) for n in lengths)
    return [(m.start(), m.start() + len(m.group(1))) for m in _WRITTEN_SHAPE_AT.finditer(coded)]


def _in_number(text: str, groups: list[tuple[int, int, str]]) -> list[_Found]:
    """Returns the national ID numbers among the digit groups of one number as written (joined by separators)."""
    lengths = [len(digits) for _, _, digits in groups]
    found: list[tuple[int, int, _Found]] = []
    for first, last in _readings(lengths):
        shape = tuple(lengths[first:last])
        digits = "".join(d for _, _, d in groups[first:last])
        start, end = groups[first][0], groups[last - 1][1]
        valid = _has_valid_check_digit(digits)
        if valid or (shape in WRONG_CHECK_SHAPES and not _touches_code_letter(text, start, end)):
            found.append((first, last, _Found(start, end, digits, valid, shape)))
    # Two readings that share a group (1 2345 67890 12 1 3 ...): the digits of both are masked, never half shown.
    merged: list[tuple[int, int, _Found]] = []
    for first, last, number in found:
        if merged and first < merged[-1][1]:
            previous = merged[-1][2]
            merged[-1] = (merged[-1][0], last, _Found(previous.start, number.end, None,
                                                      previous.valid or number.valid, ()))
        else:
            merged.append((first, last, number))
    return [number for _, _, number in merged]


def _national_ids_in_text(text: str) -> list[_Found]:
    """Returns every national ID number written in the text, left to right (none when it has under 13 digits)."""
    if len(text) < LENGTH or _THIRTEEN_DIGITS.match(text) is None:
        return []
    found: list[_Found] = []
    for number in _NUMBERS.finditer(text):
        if number.lastgroup != "pseudonym":
            found.extend(_in_number(text, _groups(text, number.start(), number.end())))
    return found


@dataclass
class NationalIds:
    """Replaces national ID numbers during one import; counts the id cells stored as pseudonyms."""

    key: str = ""
    pseudonymised: int = 0

    def stored_id(self, text: str) -> str:
        """Returns the value to store for an id cell: the pseudonym of a national ID number, else the text as it is."""
        found = _whole_number(text)
        if found is None:
            if any(n.valid and (n.digits is None or n.shape in WRITTEN_SHAPES) for n in _national_ids_in_text(text)):
                raise ValueProblem("holds a Thai national ID number among other characters; write the number "
                                   "alone (it is stored as a pseudonym) or use another id (it is not stored, "
                                   "not even in the rejected rows)")
            return text
        digits, shape = found
        if not _has_valid_check_digit(digits):
            if shape not in WRONG_CHECK_SHAPES:
                return text
            raise ValueProblem("looks like a Thai national ID number (13 digits) but its check digit is wrong; "
                               "correct the number (it is not stored, not even in the rejected rows)")
        if not self.key:
            # import_file refuses such a file before any row is checked; this guards other callers.
            raise ValueProblem("is a Thai national ID number and no pseudonym key is set")
        self.pseudonymised += 1
        return pseudonym(digits, self.key)

    def scrub(self, text: str) -> str:
        """Returns text with each national ID number replaced: by its pseudonym if valid and keyed, else by MASK."""
        if len(text) < LENGTH:   # most cells: the cheap way out, before any call
            return text
        found = _national_ids_in_text(text)
        if not found:
            return text
        pieces, done = [], 0
        for number in found:
            keyed = self.key and number.valid and number.digits is not None
            pieces += [text[done:number.start], pseudonym(number.digits, self.key) if keyed else MASK]
            done = number.end
        pieces.append(text[done:])
        return "".join(pieces)


def first_national_id(rows: Iterable[tuple[int, list[str]]], id_columns: dict[str, int]) -> tuple[str, int] | None:
    """Returns (column, line number) of the first id cell that holds a valid national ID number, or None."""
    ordered = sorted(id_columns.items(), key=lambda item: item[1])
    for line_no, cells in rows:
        for name, index in ordered:
            if index < len(cells) and is_valid_national_id(clean_text(cells[index])):
                return name, line_no
    return None

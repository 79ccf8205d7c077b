"""Checks a regular expression cannot make alone: is this number really a NIK, a mobile number?"""

from __future__ import annotations

import re
from collections.abc import Callable

_NON_DIGITS = re.compile(r"\D")

# First two digits of a NIK: the province codes in use (Aceh 11 … Papua 9x).
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
     61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)


def nik(candidate: str) -> bool:
    """A 16-digit NIK: province, regency, district, birth date (+40 for women), serial."""
    digits = _NON_DIGITS.sub("", candidate)
    if len(digits) != 16:
        return False
    if int(digits[:2]) not in _PROVINCES or digits[2:4] == "00" or digits[4:6] == "00":
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    if day > 40:
        day -= 40
    return 1 <= day <= 31 and 1 <= month <= 12 and digits[12:] != "0000"


def mobile_phone(candidate: str) -> bool:
    """An Indonesian mobile number (08…, +62 8…): a person's, unlike hotlines and landlines."""
    digits = _NON_DIGITS.sub("", candidate)
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits.startswith("08") and 10 <= len(digits) <= 13 and not digits.startswith("0800")


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "nik": nik,
    "mobile_phone": mobile_phone,
}

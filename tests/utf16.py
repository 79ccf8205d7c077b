"""JavaScript string semantics for assertions: slicing by UTF-16 code units."""

from __future__ import annotations


def js_slice(text: str, start: int, end: int) -> str:
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


def js_index(text: str, substring: str) -> int:
    """What `text.indexOf(substring)` returns in JavaScript."""
    cp = text.index(substring)
    return len(text[:cp].encode("utf-16-le", "surrogatepass")) // 2

"""Python regular expressions (what pyshacl runs for sh:pattern) rewritten for oxigraph.

oxigraph evaluates SPARQL REGEX with Rust's regex crate, which differs from Python's ``re``
in ways that change results: ``$`` also matches before a final newline in Python, ``\\s``,
``\\d`` and ``\\w`` cover different characters, ``{`` is a literal in Python when it is not a
quantifier, and ``[`` opens a nested class in Rust. ``translate`` rewrites a pattern so that
Rust matches exactly the strings Python matches (the three classes become explicit code point
ranges computed from Python itself), or returns None when it cannot promise that (lookaround,
backreferences, word boundaries, inline flags, case-insensitive matching); the caller then
matches those values in Python.
"""

from __future__ import annotations

import re
import sys
from functools import cache

_QUANTIFIER = re.compile(r"\{(\d*)(,(\d*))?\}")


@cache
def _ranges(kind: str) -> str:
    """Python's ``\\s``, ``\\d`` or ``\\w`` as Rust class items (``\\x{..}-\\x{..}``)."""
    test = {
        "s": str.isspace,
        "d": str.isdecimal,
        "w": lambda c: c.isalnum() or c == "_",
    }[kind]
    items, start, previous = [], None, None
    for code in range(sys.maxunicode + 1):
        member = False if 0xD800 <= code <= 0xDFFF else test(chr(code))
        if member and start is None:
            start = code
        if not member and start is not None:
            items.append((start, previous))
            start = None
        previous = code
    if start is not None:
        items.append((start, previous))
    return "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in items)


def translate(pattern: str, flags: str = "") -> tuple[str, str] | None:
    """(Rust pattern, SPARQL flags) matching exactly what Python's ``re.search`` matches."""
    if "i" in flags:
        return None  # Python and Rust fold case differently for some characters
    multiline = "m" in flags
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = pattern[i + 1]
            if e in "sdwSDW":
                items = _ranges(e.lower())
                if in_class:
                    if e.isupper():
                        return None
                    out.append(items)
                else:
                    out.append(f"[{'^' if e.isupper() else ''}{items}]")
                i += 2
                continue
            if e in "bBN" or e.isdigit():
                return None  # word boundaries, named characters, backreferences, octal
            if e == "Z":
                out.append("\\z")
            elif e == "A":
                out.append("\\A" if not in_class else "A")
            elif e in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[e]
                digits = pattern[i + 2 : i + 2 + width]
                if len(digits) != width:
                    return None
                out.append(f"\\x{{{digits}}}")
                i += 2 + width
                continue
            elif e in "afnrtv":
                out.append("\\" + e)
            elif e.isascii() and e.isalpha():
                return None  # not a Python escape (re.compile would have refused it)
            else:
                out.append(_literal(e))
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
                out.append("]")
            elif c in "[&~":
                out.append("\\" + c)  # set operators and nested classes in Rust
            elif c == "-" and pattern[i + 1 : i + 2] == "-":
                return None
            else:
                out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append("[")
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append("\\]")  # a leading ] is a member in Python
                i += 1
            continue
        elif c == "$":
            out.append("$" if multiline else "(?:\\n?\\z)")
        elif c == "(":
            if pattern.startswith("(?", i):
                if pattern.startswith("(?:", i):
                    out.append("(?:")
                    i += 3
                    continue
                named = re.match(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>", pattern[i:])
                if named:
                    out.append(named.group(0))
                    i += named.end()
                    continue
                return None  # lookaround, inline flags, comments, conditionals, atomics
            out.append("(")
        elif c == "{":
            quantifier = _QUANTIFIER.match(pattern, i)
            if quantifier and (quantifier.group(1) or quantifier.group(3) is not None):
                low = quantifier.group(1) or "0"
                if quantifier.group(2) is None:
                    out.append(f"{{{low}}}")
                else:
                    out.append(f"{{{low},{quantifier.group(3)}}}")
                i = quantifier.end()
                if pattern[i : i + 1] == "+":
                    return None  # possessive
                continue
            out.append("\\{")
        elif c == "}":
            out.append("\\}")
        elif c in "*+?" and pattern[i + 1 : i + 2] == "+":
            return None  # possessive quantifiers
        else:
            out.append(c)
        i += 1
    if in_class:
        return None
    return "".join(out), ("m" if multiline else "")


def _literal(char: str) -> str:
    """An escaped Python literal character as a Rust pattern item."""
    if char.isascii() and not char.isalnum() and char not in "<>":
        return "\\" + char
    return f"\\x{{{ord(char):X}}}"

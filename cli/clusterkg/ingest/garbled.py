"""Cells that were garbled on their way into a spreadsheet: control characters and text
decoded with the wrong encoding ("KrakÃ³w" for "Kraków", U+0082 from a mis-decoded "é").

Such text must not become a label: the graph would then hold two spellings of one name and
neither search nor reconciliation would find it. ``problem`` says what is wrong with a cell
and, where the garbling can be undone, what the text should have been.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls other than tab, line feed and carriage return; DEL; the C1 block
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as windows-1252 or latin-1: a lead byte's character, then a continuation one
LEADS = "ÂÃÄÅÆÇÐÑÒÓÔÕØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöø÷ùúûüýþÿ"
FOLLOWERS = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿"
MOJIBAKE = re.compile(f"[{LEADS}][{FOLLOWERS}]")
ENCODINGS = ("cp1252", "latin-1", "cp1250", "iso-8859-2")


def undo(text: str) -> str | None:
    """``text`` as it was before UTF-8 was decoded with a one-byte encoding, if that is what
    happened (the result is valid UTF-8 and has fewer odd characters), else None."""
    for encoding in ENCODINGS:
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and len(MOJIBAKE.findall(fixed)) < len(MOJIBAKE.findall(text)):
            return fixed
    return None


def problem(text: str) -> str | None:
    """What is wrong with a cell's ``text`` (and how to fix it), or None if nothing."""
    control = CONTROL.search(text)
    fixed = undo(text) if (control or MOJIBAKE.search(text)) else None
    if fixed is not None:
        return (
            f"{text!r} looks garbled by a wrong character encoding (it reads as {fixed!r} when "
            "decoded as UTF-8); save the file as UTF-8 (in Excel: CSV UTF-8) and import again"
        )
    if control:
        char = control.group()
        name = unicodedata.name(char, "a control character")
        return (
            f"{text!r} holds the control character U+{ord(char):04X} ({name}) at position "
            f"{control.start() + 1}, usually left by a wrong encoding or a copy from a PDF; "
            "retype or delete it"
        )
    return None

"""Make text from a server harmless on a terminal: control characters are shown, not obeyed.

A server (or anyone who can write a space title, a question or a table cell) controls much of
what the CLI prints. Escape sequences in that text could rewrite the clipboard (OSC 52), retitle
the window, clear the screen or reorder what is shown (bidirectional overrides). Every untrusted
string goes through `inert` before it reaches the terminal; JSON output escapes the same
characters with `inert_json`, which keeps the data exact for the program reading it.
"""

from __future__ import annotations

import re

__all__ = ["inert", "inert_json"]

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""C0 controls but tab and newline, DEL, C1 controls (``\\x9b`` is a one-byte CSI), bidi marks."""
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")
"""What ``json.dumps`` leaves unescaped of `_UNSAFE` (it escapes the C0 controls)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def inert(text: str) -> str:
    """Return ``text`` with every terminal control character written out, e.g. ``\\x1b``.

    Tabs and line breaks stay (a Windows ``\\r\\n`` becomes ``\\n``); a lone carriage return,
    which would let text overwrite the line before it, is written out like the others.
    """
    return _UNSAFE.sub(_escape, text.replace("\r\n", "\n"))


def inert_json(document: str) -> str:
    """Escape the characters of a JSON document that ``json.dumps`` left raw (DEL, C1, bidi).

    They can only occur inside strings, where ``\\uXXXX`` decodes to the same text.
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, document)

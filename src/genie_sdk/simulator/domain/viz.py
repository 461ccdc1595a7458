"""A tiny PNG bar-chart renderer for ``viz`` attachments (no imaging library needed)."""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence

from genie_sdk.simulator.sql.engine import ResultSet

__all__ = ["chart_png", "png"]

_WIDTH, _HEIGHT, _MARGIN = 320, 200, 10
_MAX_BARS = 50
_NUMERIC = {"INT", "LONG", "SHORT", "BYTE", "DOUBLE", "FLOAT", "DECIMAL"}
_BACKGROUND = (255, 255, 255)
_AXIS = (90, 90, 90)
_BAR = (31, 119, 180)


def chart_png(result: ResultSet) -> bytes:
    """A bar chart of the result's last numeric column (one bar per row, up to 50)."""
    numeric = [c.position for c in result.columns if c.type.name in _NUMERIC]
    values: list[float] = []
    if numeric:
        for row in result.rows[:_MAX_BARS]:
            value = row[numeric[-1]]
            number = float(value) if value is not None else 0.0
            values.append(number if math.isfinite(number) and number > 0 else 0.0)
    return png(_draw(values), _WIDTH, _HEIGHT)


def _draw(values: Sequence[float]) -> list[bytearray]:
    rows = [bytearray(bytes(_BACKGROUND) * _WIDTH) for _ in range(_HEIGHT)]

    def fill(x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int]) -> None:
        for y in range(max(y0, 0), min(y1, _HEIGHT)):
            start, end = max(x0, 0), min(x1, _WIDTH)
            if end > start:
                rows[y][start * 3 : end * 3] = bytes(color) * (end - start)

    bottom = _HEIGHT - _MARGIN
    fill(_MARGIN, _MARGIN, _MARGIN + 1, bottom + 1, _AXIS)
    fill(_MARGIN, bottom, _WIDTH - _MARGIN, bottom + 1, _AXIS)
    top = max(values, default=0.0)
    if top > 0:
        slot = (_WIDTH - 2 * _MARGIN - 2) / len(values)
        for index, value in enumerate(values):
            x0 = _MARGIN + 2 + int(index * slot)
            x1 = max(x0 + 1, _MARGIN + 2 + int((index + 0.8) * slot))
            height = int((bottom - _MARGIN) * value / top)
            fill(x0, bottom - height, x1, bottom, _BAR)
    return rows


def png(rows: Sequence[bytes | bytearray], width: int, height: int) -> bytes:
    """Encode RGB rows (3 bytes per pixel) as a PNG file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )

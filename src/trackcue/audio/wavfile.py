"""Reading any PCM WAV (8/16/24/32-bit, mono or stereo, plain or WAVE_FORMAT_EXTENSIBLE).

The stdlib ``wave`` module refuses the extensible header many editors write for 24-bit files
before Python 3.12, so the RIFF chunks are read here directly.
"""

from __future__ import annotations

import struct
import sys
from array import array
from pathlib import Path

_PCM = 1
_EXTENSIBLE = 0xFFFE


class WavError(ValueError):
    """The file is not a WAV this reader can decode; the message says why."""


def read_wav(path: str | Path) -> tuple[array[int], int]:
    """Decode ``path`` to mono int16 samples (channels averaged) and its sample rate."""
    data = Path(path).read_bytes()
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a WAV file (no RIFF/WAVE header)")
    fmt = None
    pcm = None
    pos = 12
    while pos + 8 <= len(data):
        cid, size = struct.unpack_from("<4sI", data, pos)
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = body
        elif cid == b"data":
            pcm = body
        pos += 8 + size + (size & 1)  # chunks are word-aligned
    if fmt is None or pcm is None or len(fmt) < 16:
        raise WavError("missing fmt or data chunk")
    tag, channels, rate, _, align, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack_from("<H", fmt, 24)[0]  # the sub-format GUID starts with the tag
    if tag != _PCM:
        raise WavError(f"not PCM (format tag {tag}); save it as 16-bit PCM")
    width = bits // 8 if bits % 8 == 0 else align // max(channels, 1)
    if width not in (1, 2, 3, 4) or channels not in (1, 2) or rate <= 0:
        raise WavError(f"unsupported layout: {channels} channel(s), {bits}-bit, {rate} Hz")
    pcm = pcm[:len(pcm) - len(pcm) % (width * channels)]
    samples = _to_int16(pcm, width)
    if channels == 2:
        samples = array("h", [(a + b) // 2 for a, b in zip(samples[0::2], samples[1::2])])
    return samples, rate


def _to_int16(pcm: bytes, width: int) -> array[int]:
    if width == 1:  # 8-bit WAV is unsigned
        return array("h", [(b - 128) << 8 for b in pcm])
    if width == 2:
        out = array("h", pcm)
        if sys.byteorder == "big":
            out.byteswap()
        return out
    # 24/32-bit: keep the top two bytes of each little-endian sample.
    top = bytes(b for i in range(width - 2, len(pcm), width) for b in pcm[i:i + 2])
    out = array("h", top)
    if sys.byteorder == "big":
        out.byteswap()
    return out

"""Rendered phrases on disk, keyed by engine, voice, rate and text, so a warm start is instant.

The cache is a convenience, never a condition: a folder that cannot be read or written (read-only,
full disk, no permission) turns it into a miss on every load and a no-op on every store, and
says so once in ``problem``; the phrases then live in memory for the run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from trackcue import lazy
from trackcue.audio.clip import Clip
from trackcue.speech.base import SpeechError
from trackcue.speech.wav import HEADER_BYTES, read_wav, write_wav

ENV_DIR = "TRACKCUE_CACHE_DIR"
# Bump when trimming, loudness or the stored format changes, so old entries are not reused.
FORMAT = 2
# A workout's phrases take a few MB; this keeps every workout a runner uses warm without letting
# years of parameter changes fill a phone. The least recently used entries go first.
MAX_BYTES = 200 * 1024 * 1024


def default_cache_dir() -> Path:
    """``$TRACKCUE_CACHE_DIR/speech`` if set, else the platform's user cache dir for trackcue."""
    root = os.environ.get(ENV_DIR)
    if not root:
        from platformdirs import user_cache_dir

        root = user_cache_dir("trackcue")
    return Path(root) / "speech"


def _whole(path: Path) -> bool:
    """Entries are written whole by ``store``: a data size that disagrees with the file's is damage."""
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
        return False
    return int.from_bytes(head[40:44], "little") == path.stat().st_size - HEADER_BYTES


class SpeechCache:
    """A folder of trimmed phrase WAVs named by a hash of what produced them."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.dir = Path(directory) if directory is not None else default_cache_dir()
        # Why the folder cannot be used (the first failure), or None while it works.
        self.problem: str | None = None

    def _trouble(self, doing: str, exc: OSError) -> None:
        if self.problem is None:
            self.problem = f"cannot {doing} {self.dir}: {exc.strerror or exc}"

    @property
    def status(self) -> str:
        """One line: where phrases are kept, and why only in memory if the folder failed."""
        if self.problem is None:
            return f"speech cache: {self.dir}"
        return f"speech cache off ({self.problem}); phrases kept in memory for this run"

    @staticmethod
    def key(engine: str, voice: str | None, rate: int | None, text: str, out_rate: int) -> str:
        """A stable name for one phrase as one engine says it at one output sample rate."""
        ident = json.dumps([FORMAT, engine, voice, rate, text, out_rate], ensure_ascii=False)
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]

    def path(self, key: str) -> Path:
        return self.dir / f"{key}.wav"

    def load(self, key: str, name: str = "") -> Clip | None:
        """The cached clip, or ``None`` on a miss; a corrupt entry is deleted and counts as a miss.

        Never raises: an unreadable folder or file is a miss.
        """
        path = self.path(key)
        try:
            if not path.exists():
                return None
            clip = read_wav(path, name) if _whole(path) else None
        except SpeechError:
            clip = None
        except OSError as exc:
            self._trouble("read", exc)
            return None
        if clip is None or not clip.samples:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            return None
        try:
            os.utime(path)  # used now: pruning keeps it
        except OSError:
            pass
        return clip

    def length_s(self, key: str) -> float | None:
        """Seconds the cached clip lasts, read from its header alone: the figure ``load`` would give
        as ``clip.duration_s``. ``None`` on a miss or an entry ``load`` would not accept; never raises."""
        path = self.path(key)
        try:
            with open(path, "rb") as f:
                head = f.read(HEADER_BYTES)
            size = path.stat().st_size
        except OSError:
            return None
        if len(head) < HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
            return None
        channels, rate, bits = (int.from_bytes(head[a:b], "little") for a, b in ((22, 24), (24, 28), (34, 36)))
        data = int.from_bytes(head[40:44], "little")
        if data != size - HEADER_BYTES or (channels, bits) != (1, 16) or rate <= 0 or data < 2:
            return None
        try:
            os.utime(path)  # used now: pruning keeps it
        except OSError:
            pass
        return (data // 2) / rate

    def store(self, key: str, clip: Clip) -> bool:
        """Save ``clip`` atomically (a reader never sees a half-written file); False if it could not.

        Never raises for the folder: after the first failure (read-only, full disk) nothing more
        is tried this run and ``problem`` says why.
        """
        if self.problem is not None:
            return False
        tmp: str | None = None
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = lazy.tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".wav")
            os.close(fd)
            write_wav(tmp, clip)
            os.replace(tmp, self.path(key))
            return True
        except OSError as exc:
            self._trouble("write to", exc)
            if tmp is not None:
                try:
                    Path(tmp).unlink(missing_ok=True)
                except OSError:
                    pass
            return False

    def prune(self, keep: Iterable[str] = (), max_bytes: int = MAX_BYTES) -> int:
        """Delete the least recently used entries until the cache holds ``max_bytes``; return how many.

        Entries named in ``keep`` (the workout about to play) stay whatever their age.
        """
        if self.problem is not None:
            return 0
        keep, entries = set(keep), []
        try:
            paths = list(self.dir.glob("*.wav"))
        except OSError:
            return 0
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= max_bytes:
                break
            if path.stem in keep:
                continue
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def scratch(self) -> lazy.tempfile.TemporaryDirectory[str]:
        """A temporary folder for engines to write their raw output into.

        Beside the cache when it is writable, else in the system's temporary folder; raises
        ``SpeechError`` only when neither can be written.
        """
        if self.problem is None:
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                return lazy.tempfile.TemporaryDirectory(dir=self.dir, prefix=".render-")
            except OSError as exc:
                self._trouble("write to", exc)
        try:
            return lazy.tempfile.TemporaryDirectory(prefix="trackcue-render-")
        except OSError as exc:
            raise SpeechError(f"no folder to render speech into: {exc.strerror or exc}") from None

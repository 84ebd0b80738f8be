"""``trackcue render FILE -o session.wav|.flac|.ogg|.opus|.mp3``: the workout's whole cue track as an audio file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trackcue.cli._common import add_set_option, overrides
from trackcue.errors import UserError

ORDER = 12


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("render", help="write the whole cue track to an audio file for any music player",
                       description="Render every pip, tone and spoken cue of a workout into one audio file, "
                       "sample-exact against the compiled timeline (lap-ended steps at their target times). "
                       "The format follows the file's suffix: .wav (default), .flac (lossless), .ogg, .opus "
                       "or .mp3 (lossy); a 55-minute session is 291 MB as WAV, 4 MB as FLAC, 14 MB as MP3.")
    p.add_argument("workout", metavar="FILE", help="a workout file or a library name")
    p.add_argument("-o", "--output", required=True, metavar="PATH",
                   help="the file to write: .wav, .flac, .ogg, .opus or .mp3")
    add_set_option(p)
    p.add_argument("--rate", type=int, metavar="HZ", help="sample rate (default 44100; 48000 for .opus)")
    p.add_argument("--speech", default="auto", metavar="ENGINE", help="auto, piper, espeak, say, pyttsx3 or none")
    p.add_argument("--voice", metavar="VOICE", help="the speech engine's voice")
    p.add_argument("--wpm", type=int, metavar="WPM", help="speech rate in words per minute")
    p.add_argument("--get-ready", dest="get_ready", metavar="S", help="the countdown before the first step")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trackcue.audio.render import FormatError, check_format
    from trackcue.cli.run import get_ready_s
    from trackcue.soundtrack.offline import render_session
    from trackcue.soundtrack.prepare import prepare
    from trackcue.phrases import format_clock
    from trackcue.workout import compile_file

    out = Path(args.output)
    rate = args.rate or (48000 if out.suffix.lower() == ".opus" else 44100)
    if not 8000 <= rate <= 96000:
        raise UserError(f"--rate {rate} is out of range", hint="use 8000 to 96000, e.g. 44100")
    if out.is_dir() or not out.parent.is_dir():
        raise UserError(f"cannot write {out}: {'it is a folder' if out.is_dir() else 'no such folder'}",
                        hint="give a file path in an existing folder, e.g. -o session.wav")
    try:
        check_format(out, rate)
    except FormatError as err:
        raise UserError(str(err), hint="e.g. -o session.mp3 for a phone, -o session.flac to keep every sample") from None
    timeline = compile_file(args.workout, overrides(args.sets), get_ready_s=get_ready_s(args))
    track = prepare(timeline, rate, args.speech, args.voice, args.wpm, _progress)
    for note in track.notes:
        print(f"trackcue: {note}", file=sys.stderr)
    try:
        render_session(track, out)
    except OSError as err:
        raise UserError(f"cannot write {out}: {err.strerror or err}", hint="check the folder and free space") from None
    phrases = track.phrases
    spoken = sum(1 for c in track.plan.playing if c.text and c.speech_at_s is not None and c.text in phrases)
    print(f"wrote {out}: {format_clock(timeline.lead_in_s + timeline.total_s)} · "
          f"{len(track.plan.playing)} cues ({spoken} spoken) · {rate} Hz mono {out.suffix.lower()[1:].upper()}")
    for w in track.plan.warnings:
        print(f"trackcue: warning: {w}", file=sys.stderr)
    return 0


def _progress(p) -> None:
    if sys.stderr.isatty():
        print(f"\rpreparing speech {p.done}/{p.total}", end="" if p.done < p.total else "\n", file=sys.stderr)

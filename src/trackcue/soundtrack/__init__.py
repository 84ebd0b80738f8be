"""What a workout sounds like: the clips every cue needs, timed by the speech planner, and the sink
that hands them to the one output stream at their exact clock times.

``prepare`` does the slow part (speech pre-render) before the workout starts; ``AudioCueSink``
is what the engine's player queues cues into; ``render_session`` writes the whole cue track to
a WAV file for any music player.
"""

from trackcue.soundtrack.prepare import Soundtrack, prepare
from trackcue.soundtrack.sink import AudioCueSink

__all__ = ["AudioCueSink", "Soundtrack", "prepare"]

"""Cue audio: clips, the mixer that places them at exact frames, and the output backends."""

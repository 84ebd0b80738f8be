"""Hands-free at the track: what lets a runner use trackcue without touching the laptop or phone.

- ``buttons``: the vocabulary of remote commands and how a media button maps onto them;
- ``mpris``: a headset's or remote's media buttons on Linux (an MPRIS player on the D-Bus session bus);
- ``duck``: music lowered while a phrase or tone plays, timed from the cue plan;
- ``pulse_volumes``: the PulseAudio/PipeWire streams a duck lowers, and their restoring after a crash;
- ``calibrate``: the output's latency measured from the runner's taps on clicks;
- ``latencies``: the calibrated latency of each output, kept in the config;
- ``wakelock``: the phone kept awake in a pocket (Termux);
- ``findings``: what ``trackcue doctor`` reports of all of these.

Each is a small piece with a typed interface, attached to a session's start and end by the
session opener. Nothing here imports Textual, and nothing here blocks the caller: services run on
their own threads and hand commands back through a callback.
"""

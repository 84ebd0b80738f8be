"""Crash-safe history of every run: record events as they happen, list, show, export, resume.

- ``recorder.Recorder``: commits each engine event before returning; never stops a workout.
- ``queries``: ``open_history``, ``list_sessions``, ``get_session``, ``latest_interrupted``.
- ``chart.split_chart``: the text chart of rep splits against target (pure).
- ``export``: CSV and JSON for spreadsheets and other tools.

History records what the engine says, so it reads the engine's words for it and nothing else of
the engine: ``engine.events`` (the ``Event`` it is handed) and ``engine.laps`` (the ``Lap`` record
a ``SavedLap`` extends, the lap marks, ``lap_verdict``, ``lap_label``): one home for what a lap
means, shared by the screen, the summary and the exports. Never the player, its clock or a sink
(tests/test_engine_seams.py holds this; the layers contract allows the downward import).
"""

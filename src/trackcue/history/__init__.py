"""Crash-safe history of every run: record events as they happen, list, show, export, resume.

- ``recorder.Recorder``: commits each engine event before returning; never stops a workout.
- ``queries``: ``open_history``, ``list_sessions``, ``get_session``, ``latest_interrupted``.
- ``chart.split_chart``: the text chart of rep splits against target (pure).
- ``export``: CSV and JSON for spreadsheets and other tools.
"""

"""Workouts written for other tools: Garmin FIT workout files and intervals.icu workout text.

``structure`` folds a Timeline back into steps and repeats; ``fit`` and ``intervals_icu`` write
that structure. Every writer returns what it had to approximate, one line each, for the CLI.
"""

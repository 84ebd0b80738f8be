"""One run lifecycle for every front end: the screen, the headless loop, the picker, resume.

- ``PlayOptions`` (options.py): how to play — audio, speech, speed, get-ready, auto-lap, db —
  one frozen, checked object; the command line builds it from its flags.
- ``load_timeline``, ``open_session`` (opener.py): compile a workout; put a ``LiveSession``
  together (clock, sound, recorder, player) from the options.
- ``LiveSession`` (live.py): the stages — ``prepare`` (off the UI thread), ``begin``, the run,
  ``finish_recording``, ``close`` — and what the runner is told.
- ``claim_resume_point``, ``load_resumed``, ``ResumePoint`` (resume.py): ``trackcue resume``.
- ``run_headless`` (headless.py): the loop with no screen.
- ``StopGuard``, ``Stopped`` (stop.py): SIGHUP/SIGTERM at every stage.
- protocols.py: the seams (``LiveSink``, ``SoundPreparer``, ``SessionRecorder``, ``Clock``).

Nothing here imports Textual. Modules are imported by name (``from trackcue.session.live import
LiveSession``), so loading this package costs nothing.
"""

"""What a workout sounds like: the clips every cue needs, timed by the speech planner, and the sink
that hands them to the one output stream at their exact clock times.

``prepare`` does the slow part (speech pre-render) before the workout starts; ``sink.AudioCueSink``
is what the engine's player queues cues into; ``offline.render_session`` writes the whole cue
track to a file for any music player. Import them from their modules: the package itself imports
nothing, so ``trackcue check`` (which plans through ``prepare.plan_sound``) loads no live sink.
"""

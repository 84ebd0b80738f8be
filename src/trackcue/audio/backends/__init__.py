"""Device adapters: each module offers ``open_backend(clock, rate, latency_s)``.

``open_backend`` raises :class:`trackcue.audio.output.BackendUnavailable` when it cannot play
here; otherwise it returns an output whose device is open but not yet started.
"""

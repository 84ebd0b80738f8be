"""trackcue: a real-time interval timer for runners at the track."""

__version__ = "0.1.0"

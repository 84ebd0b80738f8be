"""Spoken cues: speech engines, the pre-render cache, silence trimming and the cue planner.

Submodules are imported where used (``trackcue.speech.planner`` …) so that importing the
package stays cheap for ``trackcue check``.
"""

"""The track screen: a Textual player, a workout picker and the summary, over the engine.

Only this package imports Textual; the core stays usable without it (an import-linter contract).
"""

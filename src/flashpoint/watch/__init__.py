"""The escalation watch: cross-article event resolution, dyad series, detectors, alerts and plots.

Modules load lazily; importing this package loads nothing heavy.
"""

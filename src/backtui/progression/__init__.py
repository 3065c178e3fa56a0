"""Progression: the pure engine, what the body said, and the decisions' store."""

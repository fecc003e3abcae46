"""Prefect flows: thin wiring of the newsfacts library (read → extract → load → check)."""

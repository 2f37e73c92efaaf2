"""Builders for throw-away instances (tests, benchmarks, screenshots); never used by the app."""

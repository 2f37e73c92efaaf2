"""Benchmarks and load runs: figures printed, never timed tests (machines are shared)."""

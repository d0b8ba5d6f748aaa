"""Benchmarks for the portal: page cost, load, mail. They print ``name: value`` lines."""

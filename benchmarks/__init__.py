"""Benchmarks for reconcile: extraction throughput, start-up and incident matching at scale (benchmarks/README.md)."""

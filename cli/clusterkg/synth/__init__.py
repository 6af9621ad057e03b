"""Synthetic ecosystems in the real ontology, for benchmarks and validator checks."""

"""Asking the graph: named questions, names people type, one entity described, result formats."""

"""Synthetic ecosystems in the real ontology, for benchmarks and validator checks.

``generate`` writes one (``ecosystem``); ``FAULT_KINDS`` are the faults it can inject
(``faults``), each giving exactly one SHACL result.
"""

from clusterkg.synth.ecosystem import generate
from clusterkg.synth.faults import FAULT_KINDS, Fault, SynthReport
from clusterkg.synth.files import write

__all__ = ["FAULT_KINDS", "Fault", "SynthReport", "generate", "write"]

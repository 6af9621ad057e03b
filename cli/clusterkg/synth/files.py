"""The synthetic ecosystem written to files, atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from clusterkg import atomic
from clusterkg.errors import writing
from clusterkg.synth.ecosystem import generate
from clusterkg.synth.faults import SynthReport


def write(
    out: str | os.PathLike[str],
    scale: int,
    seed: int = 1,
    violations: int = 0,
    faults: str | os.PathLike[str] | None = None,
) -> SynthReport:
    """Generate into the file ``out`` (and the injected faults as JSON into ``faults``),
    each written atomically: a failure or Ctrl-C leaves no half file."""
    with writing(out), atomic.atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        report = generate(handle, scale, seed, violations)
    if faults:
        text = json.dumps(report.fault_records(), ensure_ascii=False, indent=2) + "\n"
        with writing(faults, "--faults"):
            atomic.write_bytes(Path(faults), text.encode("utf-8"))
    return report

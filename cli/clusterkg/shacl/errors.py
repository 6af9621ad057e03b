"""Errors of the SHACL engine: a feature it does not run, and a shapes graph that is wrong.

``Unsupported`` names the feature, so that ``validate.validate`` can fall back to pyshacl and
say why; ``ShapesError`` is a shapes graph pyshacl would refuse as well (a malformed
constraint, a forbidden SPARQL construct), reported to the user like any input error.
"""

from __future__ import annotations

from clusterkg.errors import ClusterKGError, InputError


class Unsupported(ClusterKGError):
    """The shapes use a feature this engine does not evaluate (the message names it)."""

    def __init__(self, feature: str) -> None:
        super().__init__(f"the fast SHACL engine does not support {feature}")
        self.feature = feature


class ShapesError(InputError):
    """The shapes graph is malformed, or a SPARQL constraint uses a forbidden construct."""

"""The commands of ``clusterkg``, registered in this explicit list (no discovery magic)."""

from clusterkg.commands.build import build
from clusterkg.commands.validate import validate

COMMANDS = [build, validate]

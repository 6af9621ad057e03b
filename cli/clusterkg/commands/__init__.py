"""The commands of ``clusterkg``, registered in this explicit list (no discovery magic)."""

from clusterkg.commands.build import build
from clusterkg.commands.export_rows import export_rows
from clusterkg.commands.find import find
from clusterkg.commands.import_rows import import_rows
from clusterkg.commands.ingest import ingest
from clusterkg.commands.init import init
from clusterkg.commands.links import links
from clusterkg.commands.map import map_command
from clusterkg.commands.matches import matches
from clusterkg.commands.publish import publish
from clusterkg.commands.push import push
from clusterkg.commands.query import query
from clusterkg.commands.serve import serve
from clusterkg.commands.show import show
from clusterkg.commands.sparql import sparql
from clusterkg.commands.synth import synth
from clusterkg.commands.template import template
from clusterkg.commands.validate import validate

COMMANDS = [
    build,
    validate,
    query,
    sparql,
    links,
    find,
    show,
    map_command,
    publish,
    serve,
    push,
    template,
    import_rows,
    ingest,
    matches,
    export_rows,
    synth,
    init,
]

"""What lies within a region or a project: the nodes a region or project map keeps.

A map of a region keeps the region, the places in it, the actors at home there (their own
region or seat, or the organisation they work for or belong to), the clusters and projects of
the region, and the events held there. A map of a project keeps the project, its activities
and events (``ckg:withinProject``, ``dcterms:isPartOf``, ``schema:superEvent``), the clusters
it initiated, the actors that take part in any of them (partners, implementers, contractors,
commissioners, organisers, hosts, speakers, attendees, participants), and what the project
itself is directly related to (its funders, programme, region). Nothing is reached through a
second hop from a hub: a funder's other projects, the other events of a region an event is
about, the neighbours of a shared sector are not within the anchor.
"""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg.explore.batched import closure
from clusterkg.explore.homes import ACTORS, CONTAINED, Homes, of_classes
from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import CKG, PROLOGUE, SCHEMA

__all__ = ["within"]

# what a region's map keeps of what is at home there: actors, projects and activities
AT_HOME_CLASSES = (*ACTORS, CKG.Project, CKG.ProjectActivity)

PROJECT_QUERY = (
    PROLOGUE
    + """SELECT DISTINCT ?node WHERE {
  { ?anchor ?p ?node . FILTER(isIRI(?node))
          FILTER(?p NOT IN (rdf:type, prov:wasDerivedFrom, ckg:evidence, skos:exactMatch)) }
  UNION { ?node (ckg:withinProject|dcterms:isPartOf|schema:superEvent)+ ?anchor }
  UNION { ?part (ckg:withinProject|dcterms:isPartOf|schema:superEvent)+ ?anchor .
          ?part ckg:partner|ckg:leadPartner|ckg:implementedBy|ckg:contractor
                |ckg:commissionedBy|ckg:coordinator|schema:organizer|ckg:host
                |ckg:speaker|schema:attendee ?node }
  UNION { ?part (ckg:withinProject|dcterms:isPartOf|schema:superEvent)+ ?anchor .
          ?node ckg:initiatedBy ?part }
  UNION { ?part (ckg:withinProject|dcterms:isPartOf|schema:superEvent)+ ?anchor .
          ?participation ckg:event ?part ; prov:agent|ckg:onBehalfOf ?node }
  UNION { ?anchor ckg:partner|ckg:leadPartner|ckg:implementedBy|ckg:contractor
                  |ckg:commissionedBy|ckg:coordinator ?node }
  UNION { ?membership org:organization ?anchor ; org:member ?node }
}"""
)


def within(engine: Engine, anchor: str, kind: str) -> set[str]:
    """The IRIs within ``anchor``, a region (``kind`` "region") or a project."""
    if kind == "region":
        return {anchor} | _in_region(engine, anchor)
    rows = engine.select(PROJECT_QUERY, {"anchor": ox.NamedNode(anchor)}).values()
    return {anchor} | {row["node"] for row in rows if "node" in row}


def _in_region(engine: Engine, region: str) -> set[str]:
    """The places within the region (``schema:containedInPlace``, any depth), the actors,
    clusters, projects and activities at home there (themselves or the body they are
    affiliated with or a unit of), the events held there: found from the region outwards a
    step at a time (``explore.homes``; Virtuoso 7 drew Vienna's map with one of its 85
    nodes through the paths)."""
    homes = Homes(engine, [region])
    places = closure(engine, CONTAINED, {region: {region}})[region]
    actors = homes.actors(AT_HOME_CLASSES, envoys=False)[region]
    events = of_classes(engine, homes.held_here()[region], (SCHEMA.Event,))
    return places | actors | events

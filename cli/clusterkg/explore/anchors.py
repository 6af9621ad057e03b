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

from clusterkg.rdf.results import Engine
from clusterkg.rdf.vocab import AT_HOME, HELD_IN, PROLOGUE

__all__ = ["within"]

REGION_QUERY = (
    (
        PROLOGUE
        + """SELECT DISTINCT ?node WHERE {
  { ?node schema:containedInPlace+ ?anchor }
  UNION {
    ?node (ckg:affiliation|org:unitOf)*/AT_HOME
          ?anchor .
    ?node a ?class .
    { ?class rdfs:subClassOf* ckg:Organisation }
    UNION { ?class rdfs:subClassOf* ckg:Person }
    UNION { ?class rdfs:subClassOf* ckg:ClusterInitiative }
    UNION { ?class rdfs:subClassOf* ckg:Project }
    UNION { ?class rdfs:subClassOf* ckg:ProjectActivity }
  }
  UNION {
    ?node HELD_IN ?anchor .
    ?node a ?event_class . ?event_class rdfs:subClassOf* schema:Event .
  }
}"""
    )
    .replace("AT_HOME", AT_HOME)
    .replace("HELD_IN", HELD_IN)
)
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
    query = REGION_QUERY if kind == "region" else PROJECT_QUERY
    rows = engine.select(query, {"anchor": ox.NamedNode(anchor)}).values()
    return {anchor} | {row["node"] for row in rows if "node" in row}

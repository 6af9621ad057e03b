"""The datasets clusterkg reads as they are published, and how each is described by default:
publisher, address, licence. A person overrides any of it (``clusterkg ingest ... --title``)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from clusterkg.connectors.dataset import Description
from clusterkg.connectors.records import Batch

__all__ = ["CONNECTORS", "Connector"]

CC_BY_4 = "http://creativecommons.org/licenses/by/4.0/"
EC_REUSE = CC_BY_4  # European Commission reuse notice, Decision 2011/833/EU: CC BY 4.0


@dataclass(frozen=True)
class Connector:
    """One kind of dump: its reader (``module:function``), the default dataset name (``""``:
    told by the dump), and how the published dataset is described."""

    reader: str
    name: str
    title: str
    publisher: str
    url: str
    licence: str

    def read(self) -> Callable[..., Batch]:
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)


CORDIS_DATASETS = {
    "HORIZON": (
        "cordis-horizon",
        "CORDIS - EU research projects under Horizon Europe (2021-2027)",
        "https://data.europa.eu/data/datasets/cordis-eu-research-projects-under-horizon-europe-2021-2027",
    ),
    "H2020": (
        "cordis-h2020",
        "CORDIS - EU research projects under Horizon 2020 (2014-2020)",
        "https://data.europa.eu/data/datasets/cordis-eu-research-projects-under-horizon-2020-2014-2020",
    ),
}

CONNECTORS = {
    "cordis": Connector(
        "clusterkg.connectors.cordis:read",
        "",
        "",
        "European Commission, CORDIS",
        "",
        EC_REUSE,
    ),
    "keep": Connector(
        "clusterkg.connectors.keep:read",
        "keep-eu",
        "keep.eu - projects and partners of Interreg and cross-border programmes",
        "Interact, keep.eu",
        "https://keep.eu",
        "keep.eu data: free reuse with attribution to keep.eu",
    ),
    "eurio": Connector(
        "clusterkg.connectors.eurio:read",
        "",  # the file's name (eurio-STEM): one extract per file
        "CORDIS EURIO knowledge graph",
        "European Commission, CORDIS",
        "https://cordis.europa.eu/datalab/datalab.cfm",
        EC_REUSE,
    ),
}


def describe_cordis(batch: Batch, description: Description) -> Description:
    """A CORDIS dump's name, title and address by what it holds: ``cordis-horizon`` for
    Horizon Europe, ``cordis-h2020`` for Horizon 2020 (what the person said stays)."""
    keys = {key for key in batch.programmes if key in CORDIS_DATASETS}
    name, title, url = (
        CORDIS_DATASETS[keys.pop()]
        if len(keys) == 1
        else ("cordis", "CORDIS - EU research projects", "https://cordis.europa.eu/projects")
    )
    return replace(
        description,
        name=description.name or name,
        title=description.title or title,
        url=description.url or url,
    )

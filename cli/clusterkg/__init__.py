"""clusterkg: a knowledge graph of Europe's regional innovation-cluster ecosystems."""

__version__ = "0.1.0"

"""Exploring the graph as a network: neighbourhoods read ring by ring, explained links between
regions, interactive maps and their screenshots."""

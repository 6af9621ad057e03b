"""Publishing the graph: dumps, the static linked-data site and its pages, the server with its
SPARQL endpoint, and pushes to a triple store."""

"""The core every wing uses: vocabularies (the only place a namespace is spelled), THE label
rule, kinds, the IRI scheme, SPARQL text, terms, dates, languages and the result table."""

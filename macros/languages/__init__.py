"""Languages: a translation of the protocol's texts (protocol.es.yaml) laid over the model, and
the site's own words per language (interface.es.yaml). May import macros.protocol only."""

"""The protocol: protocol.yaml's shape (schema), its reading with line numbers, the values,
ids and graph checks, the frozen model every renderer reads, the kinds of steps and contacts,
and the errors a maintainer sees. Imports nothing else of macros/."""

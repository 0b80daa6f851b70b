"""The core every stage uses: round specification, schemas, vocabulary, tables, paths, logging, reference data."""

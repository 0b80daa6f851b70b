"""The value parser's parts; ``foi_missing.ingest.parse_value.parse_answer`` is the entry point."""

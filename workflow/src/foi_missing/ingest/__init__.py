"""Stage 1, raw replies -> answers: readers, the value parser, coding, the coding sheet, the answers ledger."""

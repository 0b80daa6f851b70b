"""Sections of the round report that :mod:`foi_missing.publication.report` and the round notebook add:
key findings, definitions, assumptions, coverage, the per-nation breakdown and tracing.

Every reader-facing word for a status, cohort, measure, statistic or check comes from
:mod:`foi_missing.publication.report_sections.labels` (one label table), so a name is the same
everywhere and no internal id reaches a reader.
"""

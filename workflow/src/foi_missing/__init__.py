"""Logic of the FOI missing-from-care pipeline; Snakemake scripts are thin adapters over it."""

# FOI "missing from care" statistics pipeline. Thin on purpose: the rules live
# in workflow/rules/, the logic in the foi_missing package (workflow/src/).
from snakemake.utils import min_version, validate

# First, so that Snakemake's validate below finds jsonschema already imported
# without its slow optional format checkers (see foi_missing/core/schema.py).
import foi_missing.core.schema

min_version("9.17")


configfile: "config.yaml"


# Types and meaning, each problem naming the key and where it was set (config.yaml,
# a --configfile, --config); Snakemake's validate then fills in the defaults.
foi_missing.core.schema.check_workflow_config(config, workflow)
validate(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/statistics.smk"
include: "workflow/rules/series.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/requests.smk"


rule all:
    default_target: True
    input:
        all_targets(),

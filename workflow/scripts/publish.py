"""Snakemake adapter: copy the rendered reports, executed notebooks and tables workbook
to the publication folder (config paths.publish), checking each report is self-contained."""

import shutil
from pathlib import Path

from foi_missing.core.logs import script_logger
from foi_missing.publication.render import external_loads


def main(smk) -> None:
    log = script_logger("publish", smk.log[0])
    try:
        for source in smk.input.html:
            problems = external_loads(Path(source).read_text(encoding="utf-8"))
            if problems:
                raise RuntimeError(f"{source} loads from the network, not publishing: {problems[:3]}")
        pairs = list(zip(smk.input.html, smk.output.html))
        pairs += list(zip(smk.input.notebooks, smk.output.notebooks))
        pairs.append((smk.input.tables, smk.output.tables))
        for source, target in pairs:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            log.info("published %s -> %s", source, target)
    except Exception:
        log.exception("publish failed")
        raise


main(snakemake)  # noqa: F821 (injected by Snakemake)

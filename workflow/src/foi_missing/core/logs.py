"""Logging for the Snakemake scripts: the rule's log file, and progress on stderr."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def script_logger(name: str, log_file: str | Path) -> logging.Logger:
    """A logger writing to ``log_file`` (replaced each run) and to stderr."""
    logger = logging.getLogger(f"foi_missing.{name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    Path(log_file).parent.mkdir(parents=True, exist_ok=True)
    for handler in (logging.FileHandler(log_file, mode="w", encoding="utf-8"),
                    logging.StreamHandler(sys.stderr)):
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
    return logger

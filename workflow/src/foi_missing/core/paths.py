"""Locations inside the repository that the package needs by default."""

from pathlib import Path

# workflow/src/foi_missing/core/paths.py -> the repository root is four levels up.
REPO_ROOT = Path(__file__).resolve().parents[4]
SCHEMA_DIR = REPO_ROOT / "workflow" / "schemas"
REFERENCE_DIR = REPO_ROOT / "data" / "reference"

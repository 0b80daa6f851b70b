"""Locations inside the repository that the package needs by default."""

from pathlib import Path

# workflow/src/foi_missing/paths.py -> repository root is three levels up.
REPO_ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = REPO_ROOT / "workflow" / "schemas"
REFERENCE_DIR = REPO_ROOT / "data" / "reference"

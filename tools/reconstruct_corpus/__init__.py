"""Reconstruct a raw FOI corpus for one round (a documented, hand-run tool).

The councils' real replies to the FOI rounds were never published. This tool
writes a SYNTHETIC corpus into ``data/raw/<round>/``: a request log, one reply
file per reply (workbooks, CSV exports, e-mails, letters, whole-request
notices), a coding sheet for the prose letters, a README, and the answer key
``tests/fixtures/truth/<round>.csv``. The per-authority answers are made up so
that the national figures computed from them by the counting rules of
docs/design.md#counting-rules equal the published ones.

Everything specific to a round lives in ``params/<round>.yaml``; the code is
generic. Output is deterministic to the byte for a given seed and reference
data. The pipeline never runs or imports this tool.

Run: ``uv run python -m tools.reconstruct_corpus --round 2014-15``.
"""

import os

# openpyxl writes different (equally valid) bytes when it uses lxml, which
# python-docx installs; the committed corpus was written with its own writer.
os.environ.setdefault("OPENPYXL_LXML", "False")

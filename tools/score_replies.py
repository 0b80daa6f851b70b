"""Score the readers and parser on real council replies: right / wrong / to manual coding.

    uv run python -m tools.score_replies [folder] [--detail]

The folder defaults to $FOI_REAL_REPLIES, else ../shared/real_replies beside the repository.
The logic lives in foi_missing.ingest.realcheck; this is only the command line.
"""

from __future__ import annotations

import argparse
import sys

from foi_missing.ingest.realcheck import replies_folder, score_folder, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="folder with the replies and expected.csv")
    parser.add_argument("--detail", action="store_true", help="list every row not coded right")
    args = parser.parse_args(argv)
    folder = replies_folder(args.folder)
    if not (folder / "expected.csv").is_file():
        print(f"no expected.csv in {folder}", file=sys.stderr)
        return 2
    print(table(score_folder(folder), detail=args.detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())

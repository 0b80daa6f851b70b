"""Command line of the request kit (the parts that are not Snakemake rules).

    python -m foi_missing.requestkit import-mail data/raw/<round> <folder of .eml/.mbox>

The import is a command, not a rule: it is the one step that writes into data/raw
(replies and the request log), and it is run by a person, on purpose.
"""

from __future__ import annotations

import argparse
import sys

from foi_missing.requestkit.mail_import import IMPORT_LOG, import_mail


def describe(entry: dict[str, str]) -> str:
    """One line per message: source, what was done, for whom, the file saved, why."""
    parts = [entry["source"], entry["action"]]
    if entry["gss_code"]:
        parts.append(f"{entry['gss_code']} ({entry['matched_by']})")
    if entry["saved_file"]:
        parts.append(f"replies/{entry['saved_file']}")
    if entry["note"]:
        parts.append(entry["note"])
    return ": ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m foi_missing.requestkit")
    commands = parser.add_subparsers(dest="command", required=True)
    mail = commands.add_parser("import-mail", help="import saved replies (.eml, .mbox) into a round")
    mail.add_argument("round_folder", help="data/raw/<round>")
    mail.add_argument("mail_folder", help="a folder of .eml and .mbox files")
    args = parser.parse_args(argv)
    try:
        entries = import_mail(args.round_folder, args.mail_folder)
    except (OSError, ValueError) as error:
        print(f"import-mail: {error}", file=sys.stderr)
        return 1
    for entry in entries:
        print(describe(entry))
    imported = sum(entry["action"].startswith("saved") for entry in entries)
    print(f"{imported} of {len(entries)} message(s) imported; see {args.round_folder}/{IMPORT_LOG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

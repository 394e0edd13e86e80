"""`python -m statecare.documents PATH [--json]`: show what the extractor makes of a document.

A debugging aid for crawler and NLP work (the package has no `statecare` sub-command of its own;
`statecare nlp provisions PATH` is the user-facing reader). Prints the amended text, or with
--json every field of ExtractedText. Exit status 2 with the error on stderr for unreadable input.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from statecare.documents import DocumentError, extract_file


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    paths = [a for a in args if a != "--json"]
    if len(paths) != 1:
        print("usage: python -m statecare.documents PATH [--json]", file=sys.stderr)
        return 2
    try:
        result = extract_file(paths[0])
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        print(result.text)
        for w in result.warnings:
            print(f"warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

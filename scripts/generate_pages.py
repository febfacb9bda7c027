#!/usr/bin/env python3
"""Generate the data-driven pages (opt-out guide, timeline, sources) for every site language.

    python scripts/generate_pages.py          write docs/*.md from data/
    python scripts/generate_pages.py --check  exit 1 if the files on disk are out of date

The MkDocs hook runs the same code on every build and serve, so this is only needed by hand for
--check (CI) or to see the output without building the site. Exit codes: 0 ok, 1 out of date,
2 bad data (one line per problem: file:line: entry: what is wrong; nothing is written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagegen import GenerationFailed, generate, stale_files, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    parser.add_argument("--root", type=Path, default=root, help="project folder (default: this checkout)")
    args = parser.parse_args(argv)
    try:
        outputs = generate(args.root)
    except GenerationFailed as failure:
        for problem in failure.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(failure.problems)} problem(s) in the data; no file was written.", file=sys.stderr)
        return 2
    if args.check:
        stale = stale_files(args.root, outputs)
        for relative in stale:
            print(f"out of date: {relative} (run: python scripts/generate_pages.py)", file=sys.stderr)
        return 1 if stale else 0
    for relative in write(args.root, outputs):
        print(f"wrote {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

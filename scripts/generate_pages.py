#!/usr/bin/env python3
"""Generate every data-driven page (guide, timeline, sources, updates, rights, share) in every site language.

    python scripts/generate_pages.py          write docs/*.md from data/
    python scripts/generate_pages.py --check  exit 1 if the files on disk are out of date

The MkDocs hook runs the same code on every build and serve, so this is only needed by hand for
--check (CI) or to see the output without building the site. Exit codes:
  0  everything is fine (the files are written, or with --check: up to date)
  1  --check only: a generated file is out of date, missing, or left over (e.g. a removed language)
  2  bad data or an environment problem (unreadable file, read-only folder, disk full...): one line
     per problem (file:line: entry: what is wrong), and no file is changed
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pagegen import GenerationFailed, WriteFailed, extra_files, generate, stale_files, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    parser.add_argument("--root", type=Path, default=root, help="project folder (default: this checkout)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except GenerationFailed as failure:
        for problem in failure.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(failure.problems)} problem(s) in the data; no file was written.", file=sys.stderr)
    except WriteFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
    except (OSError, RecursionError, MemoryError) as exc:  # the environment, not the data
        print(f"error: {type(exc).__name__}: {exc}; no file was written.", file=sys.stderr)
    except Exception as exc:  # a bug: still one line and exit code 2, so CI shows what happened
        print(f"error: internal error ({type(exc).__name__}: {exc}); no file was written. "
              f"Please report it with the data change that caused it.", file=sys.stderr)
    return 2


def _run(args) -> int:
    outputs = generate(args.root)
    if args.check:
        stale = stale_files(args.root, outputs)
        extra = extra_files(args.root, outputs)
        for relative in stale:
            print(f"out of date: {relative} (run: python scripts/generate_pages.py)", file=sys.stderr)
        for relative in extra:
            print(f"left over: {relative} is generated but the data no longer produces it "
                  f"(run: python scripts/generate_pages.py to remove it)", file=sys.stderr)
        return 1 if stale or extra else 0
    for relative in write(args.root, outputs):
        print(f"wrote {relative}" if (Path(args.root) / relative).exists() else f"removed {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

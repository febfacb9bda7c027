"""Caches are only speed: the folders where the build keeps work it can redo, and the rule that
none of them may come from the repository.

A cache holds the output of a computation (trimmed CSS, drawn link-preview cards) under a key of
its inputs. Its content is trusted because this machine's own build wrote it; a cache file that
git tracks came from a commit instead, and with a key anyone can compute it could stand in for
output the build never made (CSS under style-src 'self', a card shown on social networks). So
the build refuses to start while git tracks a file in one of these folders. Validated data is
never cached across runs at all (hooks/generate.py validates on every build).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

CACHE_DIRS = (".cache", "social-cards/cache")


def tracked_cache_files(root: Path) -> list[str]:
    """The files under CACHE_DIRS that git tracks in `root` (none outside a git checkout)."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", *CACHE_DIRS],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []  # no git: nothing can be tracked
    if listed.returncode != 0:
        return []  # not a git checkout (a copied folder, a release archive)
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


def cache_problem(root: Path) -> str | None:
    """One line when a cache folder holds tracked files, else None."""
    tracked = tracked_cache_files(root)
    if not tracked:
        return None
    shown = ", ".join(tracked[:3]) + (f" and {len(tracked) - 3} more" if len(tracked) > 3 else "")
    return (f"git tracks {shown} in a cache folder ({', '.join(CACHE_DIRS)}): a cache is only ever written by "
            f"this machine's build and never comes from the repository; remove it with git rm --cached")

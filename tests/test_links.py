"""No broken link or anchor anywhere in the served site (LinkChecker over HTTP, anchors included).

Over file:// LinkChecker silently skips root-relative links and directory anchors, so the site is
served on 127.0.0.1 like GitHub Pages. External links are not followed here (no network); the
scheduled workflow checks them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LINKCHECKER_CONFIG = """\
[checking]
threads=4
maxrequestspersecond=100
[filtering]
checkextern=0
[AnchorCheck]
[output]
status=0
"""


def linkchecker() -> list[str]:
    installed = Path(sys.executable).with_name("linkchecker")
    return [str(installed)] if installed.exists() else [shutil.which("linkchecker") or "linkchecker"]


# One crawl per language, so that the xdist workers share the work (one crawl of the whole site
# was the longest item of the quick tier). Each crawl follows the links of its own language's
# pages and still checks, without following them, the links that lead to the other languages.
CRAWLS = {"en": ("", r"(nl|fr)/"), "nl": ("nl/", r"(?!nl/)"), "fr": ("fr/", r"(?!fr/)")}


@pytest.mark.parametrize("lang", CRAWLS)
def test_no_broken_links_or_anchors(site_url, tmp_path, lang):
    start, elsewhere = CRAWLS[lang]
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    config.chmod(0o644)
    tmp_path.chmod(0o755)
    result = subprocess.run(
        linkchecker() + ["--config", str(config), "--no-status", "--output", "text",
                         f"--no-follow-url=^{re.escape(site_url)}{elsewhere}", site_url + start],
        # A guard against a hang, not a speed limit: on a 2-core machine shared with other work
        # the crawl (about 35 s when quiet) once took over 300 s.
        capture_output=True, text=True, timeout=1200,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    # LinkChecker prints how many links it checked: make sure it really crawled the site.
    assert "links in" in report or "URLs" in report, report
    checked = [int(word) for line in report.splitlines() if "link" in line and "checked" in line
               for word in line.replace(",", " ").split() if word.isdigit()]
    assert checked and max(checked) > 100, report

#!/usr/bin/env python3
"""List every external link in a built site, check each once, and print a Markdown report.

    python scripts/check_external_links.py site > report.md

Exit 1 when a link is broken (404, 410, DNS failure...). Answers that mean "not for robots"
(401, 403, 429, LinkedIn's 999) are reported as blocked, not broken. Run weekly by
.github/workflows/external-links.yml; never by the tests (they have no network).
"""

from __future__ import annotations

import concurrent.futures
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

BLOCKED = {401, 403, 429, 999}
HEADERS = {"User-Agent": "Mozilla/5.0 (link check of a public-interest site)"}


def external_links(site: Path) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        for anchor in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("article a[href^='http']"):
            links.setdefault(anchor["href"].split("#")[0], set()).add(page.relative_to(site).parent.as_posix())
    return links


def status(url: str) -> str | int:
    for method in ("HEAD", "GET"):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=HEADERS), timeout=20) as r:
                return r.status
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (405, 501):
                continue
            return error.code
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"error: {getattr(error, 'reason', error)}"
    return "error"


def main(site: str) -> int:
    links = external_links(Path(site))
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = dict(zip(links, pool.map(status, links)))
    broken = {u: s for u, s in results.items() if not (isinstance(s, int) and (s < 400 or s in BLOCKED))}
    blocked = {u: s for u, s in results.items() if s in BLOCKED}
    print(f"# External links: {len(results)} checked, {len(broken)} broken, {len(blocked)} blocked\n")
    for title, group in (("Broken", broken), ("Blocked for robots (check by hand)", blocked)):
        if group:
            print(f"## {title}\n\n| link | answer | on pages |\n|---|---|---|")
            for url, answer in sorted(group.items()):
                print(f"| {url} | {answer} | {', '.join(sorted(links[url]))} |")
            print()
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "site"))

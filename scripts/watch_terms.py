#!/usr/bin/env python3
"""Weekly watch on the LinkedIn documents this site depends on (data/watch.json).

For each document, ask GitHub's REST API for the newest commit that touched its file in the Open
Terms Archive versions repository. When that commit is not the one marked reviewed, open one issue
(label `terms-watch`), or update the open one, naming the document, both dates, a link to the
change and the pages to check. Also say plainly when a whole repository has had no commit for
`quiet_after_weeks` weeks: then the archive itself has gone quiet, and a quiet watch proves nothing.

Standard library only, so the workflow needs no install. Run by .github/workflows/watch.yml with
GITHUB_TOKEN and GITHUB_REPOSITORY; `--dry-run` prints the issue instead of writing it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
WATCH = "data/watch.json"
API = "https://api.github.com"
LABEL = "terms-watch"
TITLE = "LinkedIn documents changed in Open Terms Archive: check the site"
LANGUAGES = ("en", "nl", "fr")

# (method, url, body) -> decoded JSON answer; the tests pass recorded answers instead.
Request = Callable[[str, str, "dict | None"], object]


class WatchError(Exception):
    """A problem the maintainer must fix; printed as one line."""


def load_watch(root: Path = ROOT) -> dict:
    path = root / WATCH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise WatchError(f"{WATCH}: {error}") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list) or not documents:
        raise WatchError(f"{WATCH}: documents: must be a non-empty list")
    for index, document in enumerate(documents):
        for field in ("id", "name", "repository", "path", "reviewed", "pages"):
            if field not in document:
                raise WatchError(f"{WATCH}: documents[{index}]: missing field '{field}'")
        for field in ("commit", "date"):
            if field not in document["reviewed"]:
                raise WatchError(f"{WATCH}: documents[{document['id']}].reviewed: missing field '{field}'")
        for page in document["pages"]:
            if not (root / "docs" / f"{page}.en.md").is_file():
                raise WatchError(f"{WATCH}: documents[{document['id']}].pages: no page docs/{page}.en.md")
    if not isinstance(data.get("quiet_after_weeks"), int) or data["quiet_after_weeks"] < 1:
        raise WatchError(f"{WATCH}: quiet_after_weeks: must be a whole number of weeks, at least 1")
    return data


def github(token: str | None) -> Request:
    """The real API: JSON in, JSON out, with the workflow's token."""
    def request(method: str, url: str, body: dict | None = None) -> object:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
                   "User-Agent": "linkedin-ai-explainer-watch"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode("utf-8") if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/json"
        call = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(call, timeout=30) as answer:
                return json.loads(answer.read().decode("utf-8") or "null")
        except urllib.error.HTTPError as error:
            raise WatchError(f"GitHub answered {error.code} to {method} {url}") from None
        except urllib.error.URLError as error:
            raise WatchError(f"could not reach GitHub for {method} {url}: {error.reason}") from None
    return request


def commits_url(repository: str, path: str | None = None) -> str:
    query = {"per_page": "1"}
    if path is not None:
        query = {"path": path, "per_page": "1"}
    return f"{API}/repos/{repository}/commits?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote)}"


def _newest(request: Request, url: str) -> dict | None:
    answer = request("GET", url, None)
    if not isinstance(answer, list):
        raise WatchError(f"unexpected answer from GitHub for {url}")
    if not answer:
        return None
    commit = answer[0]
    return {"sha": commit["sha"], "date": commit["commit"]["committer"]["date"], "url": commit["html_url"]}


def check(data: dict, request: Request, now: datetime) -> dict:
    """What changed since the reviewed versions, and which repositories have gone quiet."""
    changed, missing = [], []
    for document in data["documents"]:
        newest = _newest(request, commits_url(document["repository"], document["path"]))
        if newest is None:
            missing.append(document)
        elif newest["sha"] != document["reviewed"]["commit"]:
            changed.append({"document": document, "newest": newest})
    quiet = []
    limit = timedelta(weeks=data["quiet_after_weeks"])
    for repository in sorted({document["repository"] for document in data["documents"]}):
        newest = _newest(request, commits_url(repository))
        last = _date(newest["date"]) if newest else None
        if last is None or now - last > limit:
            quiet.append({"repository": repository, "last": newest["date"][:10] if newest else None,
                          "weeks": (now - last).days // 7 if last else None})
    return {"changed": changed, "missing": missing, "quiet": quiet}


def _date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def issue_body(report: dict, weeks: int) -> str:
    lines = ["The weekly watch on LinkedIn's documents (`scripts/watch_terms.py`, data in `data/watch.json`) "
             "found the following.", ""]
    for item in report["changed"]:
        document, newest = item["document"], item["newest"]
        repository, reviewed = document["repository"], document["reviewed"]
        pages = ", ".join(f"`docs/{page}.{{{','.join(LANGUAGES)}}}.md`" for page in document["pages"])
        lines += [f"### {document['name']}",
                  f"- File: `{document['path']}` in [{repository}](https://github.com/{repository})",
                  f"- Version reviewed: {reviewed['date']} (commit `{reviewed['commit'][:7]}`)",
                  f"- Newest version: {newest['date'][:10]} (commit `{newest['sha'][:7]}`, {newest['url']})",
                  f"- The change: https://github.com/{repository}/compare/{reviewed['commit']}...{newest['sha']}",
                  f"- Pages to check: {pages}", ""]
    for document in report["missing"]:
        lines += [f"### {document['name']}",
                  f"- No commit touches `{document['path']}` in {document['repository']} any more: "
                  "the archive may have moved or renamed it. Check `data/watch.json`.", ""]
    for item in report["quiet"]:
        since = f"since {item['last']} ({item['weeks']} weeks)" if item["last"] else "at all"
        lines += [f"### The archive has gone quiet: {item['repository']}",
                  f"- No new commit in the whole repository {since}; the limit is {weeks} weeks. "
                  "While it is quiet, this watch cannot see changes to LinkedIn's documents: check them "
                  "on LinkedIn's own site, or find where Open Terms Archive now records them.", ""]
    lines += ["When you have read a change and updated the pages, mark it reviewed: set `reviewed.commit` "
              "and `reviewed.date` of the document in `data/watch.json` to the newest commit above, add an "
              "entry to `data/updates.yml` if a fact changed, and close this issue."]
    return "\n".join(lines) + "\n"


def write_issue(request: Request, repository: str, body: str) -> str:
    """Update the open watch issue (found by its label, else by its title), or open one."""
    base = f"{API}/repos/{repository}/issues"
    found = request("GET", f"{base}?{urllib.parse.urlencode({'state': 'open', 'labels': LABEL, 'per_page': '1'})}", None)
    if not found:
        everything = request("GET", f"{base}?{urllib.parse.urlencode({'state': 'open', 'per_page': '100'})}", None)
        found = [issue for issue in everything or [] if issue.get("title") == TITLE and "pull_request" not in issue]
    if found:
        number = found[0]["number"]
        request("PATCH", f"{base}/{number}", {"title": TITLE, "body": body})
        return f"updated issue #{number}"
    created = request("POST", base, {"title": TITLE, "body": body, "labels": [LABEL]})
    return f"opened issue #{created['number']}"


def run(root: Path, request: Request, now: datetime, repository: str | None, dry_run: bool) -> str:
    data = load_watch(root)
    report = check(data, request, now)
    if not (report["changed"] or report["missing"] or report["quiet"]):
        return "all watched documents are at their reviewed versions, and the archive is active"
    body = issue_body(report, data["quiet_after_weeks"])
    if dry_run or not repository:
        return body
    return write_issue(request, repository, body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the issue instead of writing it")
    args = parser.parse_args(argv)
    try:
        print(run(ROOT, github(os.environ.get("GITHUB_TOKEN")), datetime.now(timezone.utc),
                  os.environ.get("GITHUB_REPOSITORY"), args.dry_run))
    except WatchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark (not a test): build time, and Lighthouse on the home and opt-out pages of each
language with the mobile and desktop presets, against the site served like GitHub Pages.

    python scripts/benchmark.py [--runs-build 3] [--runs-lighthouse 3] [--no-lighthouse]

Prints two tables. Lighthouse's: the four category scores, bytes, requests, LCP and TBT of the
first view, from the median of several runs (Lighthouse's own advice: single mobile runs vary
by several points on a busy machine; the range of performance scores is printed too). Then, from Chromium driven by Playwright, what a visit transfers in three steps: the
first view, the reader's first mouse move (which brings Material's script and its search
worker), and a first search (the index and its language files). Targets (README): 100 in all
four categories, at most 60 KB transferred on a first visit to any page, and the full build
under 3 seconds on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from pagegen import site_languages  # noqa: E402
from serve_static import SiteServer, free_port  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
# The browser the tests use ($CHROMIUM, as the README says); Lighthouse's own CHROME_PATH wins.
BROWSER = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-quic")
LANGUAGES = site_languages(ROOT)  # from mkdocs.yml, default first
# The home and opt-out pages of each language, as paths from the site root.
PATHS = [("" if lang == LANGUAGES[0] else f"{lang}/") + page for lang in LANGUAGES for page in ("", "opt-out/")]


def build(site_dir: Path, site_url: str) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=site_url)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                   cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def lighthouse(url: str, preset: str, out: Path) -> dict:
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=performance,accessibility,best-practices,seo"]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=BROWSER),
                   capture_output=True, timeout=180)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        **{key: round(cat["score"] * 100) for key, cat in report["categories"].items()},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
    }


def visit_steps(browser, url: str) -> list[float]:
    """KB transferred (bodies and headers) by the first view, the first mouse move and a first
    search, in a fresh browser context (empty cache)."""
    steps = [0.0]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    step_of = {}
    context.on("request", lambda request: step_of.setdefault(request, len(steps) - 1))

    def count(request):  # counted in the step that made the request
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if not body:  # Chromium reports 0 for a worker's own script: ask the server
            fetch = urllib.request.Request(request.url, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(fetch) as response:
                body = len(response.read())
        steps[step_of.get(request, len(steps) - 1)] += (body + sizes["responseHeadersSize"]) / 1024

    context.on("requestfinished", count)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    steps.append(0.0)
    page.mouse.move(5, 300)
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    page.wait_for_load_state("networkidle")
    steps.append(0.0)
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("linkedin", delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    context.close()
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs-build", type=int, default=3, help="builds to time (the median is shown)")
    parser.add_argument("--runs-lighthouse", type=int, default=3,
                        help="Lighthouse runs per page and preset (the median run is shown)")
    parser.add_argument("--no-lighthouse", action="store_true", help="only time the build")
    args = parser.parse_args()

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as folder:
        site_dir = Path(folder) / "site"
        times = [build(site_dir, url) for _ in range(args.runs_build)]
        print(f"Full build (mkdocs build --strict, {len(times)} runs): median {statistics.median(times):.2f} s, "
              f"min {min(times):.2f} s, max {max(times):.2f} s, on {os.cpu_count()} cores")
        if args.no_lighthouse:
            return 0
        if not LIGHTHOUSE.exists():
            print("Lighthouse missing: run `make install-test` first", file=sys.stderr)
            return 1
        header = f"{'page':<22}{'preset':<9}{'perf':>5}{'a11y':>6}{'bp':>5}{'seo':>5}{'KB':>8}{'req':>5}{'LCP ms':>8}{'TBT ms':>8}{'perf range':>12}"
        print(header)
        print("-" * len(header))
        with SiteServer(site_dir, port):
            for path in PATHS:
                for preset in ("mobile", "desktop"):
                    runs = sorted((lighthouse(url + path, preset, Path(folder) / "report.json")
                                   for _ in range(args.runs_lighthouse)), key=lambda run: run["performance"])
                    r = runs[len(runs) // 2]
                    spread = f"{runs[0]['performance']}-{runs[-1]['performance']}"
                    print(f"{'/' + path:<22}{preset:<9}{r['performance']:>5}{r['accessibility']:>6}"
                          f"{r['best-practices']:>5}{r['seo']:>5}{r['bytes'] / 1024:>8.1f}{r['requests']:>5}"
                          f"{r['lcp']:>8.0f}{r['tbt']:>8.0f}{spread:>12}", flush=True)
            print()
            header = f"{'page':<22}{'first view KB':>15}{'+ first move KB':>17}{'+ first search KB':>19}"
            print(header)
            print("-" * len(header))
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=BROWSER,
                                                     args=CHROME_FLAGS.replace("--headless=new ", "").split())
                for path in PATHS:
                    first, script, search = visit_steps(browser, url + path)
                    print(f"{'/' + path:<22}{first:>15.1f}{script:>17.1f}{search:>19.1f}", flush=True)
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

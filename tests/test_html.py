"""The Nu Html Checker (vnu.jar from npm, run with Java) finds no error on any built page,
except errors that come from Material's own templates, each listed here with its reason."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from conftest import ROOT, content_pages

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

# (pattern of the message, why it is accepted)
MATERIAL_ERRORS = [
    (r"^Attribute “autocomplete” is only allowed when the input type is",
     "Material's base.html puts autocomplete=off on its drawer and search checkboxes (Material 9.8.1)"),
]

CANARY = "<!doctype html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>"


def test_no_html_errors_beyond_materials_own(built_site, tmp_path):
    assert VNU.exists(), "vnu-jar missing: run the README's test command (npm ci)"
    java = shutil.which("java")
    assert java, "Java missing: run the README's test command"
    # A broken file checked alongside the site proves the checker really reports errors.
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = content_pages(built_site) + [built_site / "404.html"]
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--exit-zero-always",
                             *map(str, pages), str(canary)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert any(m["url"].endswith("canary.html") for m in errors), "the checker did not report the canary"

    unexplained = []
    for message in errors:
        if message["url"].endswith("canary.html"):
            continue
        if not any(re.search(pattern, message["message"]) for pattern, _ in MATERIAL_ERRORS):
            unexplained.append(f"{message['url'].split('/site')[-1]}:{message.get('lastLine')}: {message['message']}")
    assert not unexplained, "\n".join(unexplained)

"""A Content-Security-Policy meta tag that allows the site itself and nothing else.

The only inline scripts a page may carry are the ones its templates ship (Material's and
overrides/main.html's). Each template script becomes a pattern (`template_scripts`): its text
exactly, where a `{{ ... }}` expression may only output a quoted address-like value. A page's
inline script is allowed, by its hash, only when it matches one of these patterns; any other
inline script (one that came from data or from a page's Markdown) raises UnknownInlineScript and
fails the build, so the policy can never end up allowing it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")
# As a browser reads it: <script/x> opens a script too, and one never closed runs to the end.
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)(?:</script\s*>|\Z)", re.S | re.I)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
# What a template expression inside a script may print: a JSON string or the inside of one
# (an address such as "../assets/javascripts/bundle.min.js"), never a quote, a backslash or <.
_EXPRESSION_VALUE = r'(?:"[^"\\<>\n]*"|[^"\\<>\n]*)'


class UnknownInlineScript(Exception):
    """A page carries an inline script that no template ships."""


def _executable(attrs: str) -> bool:
    """External scripts fall under 'self'; JSON data blocks never run."""
    attrs = attrs or ""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return not kind or kind.group(1).lower() in ("text/javascript", "application/javascript", "module")


def script_pattern(template_body: str) -> re.Pattern:
    """The scripts a template's `<script>` body can become once Jinja has filled it in."""
    parts = _JINJA_EXPRESSION.split(template_body)
    return re.compile(_EXPRESSION_VALUE.join(re.escape(part) for part in parts), re.S)


def template_scripts(template_dirs, more_templates=()) -> list[re.Pattern]:
    """A pattern for every inline script in the templates of `template_dirs` (theme and overrides)
    and in `more_templates` (texts: Material's templates as material-patches.yml changes them)."""
    patterns: dict[str, re.Pattern] = {}
    texts = [t.read_text(encoding="utf-8") for folder in template_dirs for t in sorted(Path(folder).rglob("*.html"))]
    for text in texts + list(more_templates):
        for match in INLINE_SCRIPT.finditer(_JINJA_COMMENT.sub("", text)):
            if _executable(match.group("attrs")) and match.group("body").strip():
                patterns.setdefault(match.group("body"), script_pattern(match.group("body")))
    return list(patterns.values())


def inline_script_hashes(html: str, allowed: list[re.Pattern]) -> set[str]:
    """The CSP hashes of the page's inline scripts; UnknownInlineScript if one is not a template's."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        if not _executable(match.group("attrs")):
            continue
        body = match.group("body")
        if not any(pattern.fullmatch(body) for pattern in allowed):
            line = html.count("\n", 0, match.start()) + 1
            shown = re.sub(r"\s+", " ", body)[:60]
            raise UnknownInlineScript(f"line {line}: an inline script that no template ships: <script>{shown}")
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def with_csp(html: str, allowed: list[re.Pattern]) -> str:
    """`html` with the policy as the first element of <head>, before any script it governs."""
    hashes = inline_script_hashes(html, allowed)
    policy = POLICY.format(hashes="".join(f" {h}" for h in sorted(hashes)))
    return html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{policy}">', 1)

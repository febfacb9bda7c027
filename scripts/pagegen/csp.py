"""A Content-Security-Policy meta tag that allows the site itself and nothing else.

The only inline scripts a page may carry are the ones its templates ship (Material's and
overrides/'s), exactly as the templates rendered them. Two checks, both required:

- Rendered by a template: `RecordingLoader` wraps the Jinja loader, so every inline `<script>`
  body of every template (ours or the installed Material's) passes through the
  `template_script` filter as it is rendered, and that filter notes the exact text. A script in
  a page's Markdown or in data reaches the page through `page.content`, never through that
  filter, so it is never noted, however much it looks like a template's script.
- Shaped like its template: each template script becomes a pattern (`template_scripts`) that is
  its text exactly, where a `{{ ... }}` expression may only sit inside a JS string literal and
  print no quote, backslash, backtick, < > or new line. A template that prints an expression
  outside a string (where a value becomes code) is refused (UnsafeTemplateScript), so no value a
  page or data file controls can ever turn a template's script into other code.

A page's inline script is allowed, by its hash, only when both hold; any other inline script
raises UnknownInlineScript and fails the build, so the policy can never end up allowing it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jinja2

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")
# As a browser reads it: <script/x> opens a script too, and one never closed runs to the end.
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)(?:</script\s*>|\Z)", re.S | re.I)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
# What a template expression inside a script's string literal may print: the inside of the
# string (an address such as "../assets/javascripts/bundle.min.js"), nothing that could end it.
_EXPRESSION_VALUE = r"[^\"'`\\<>\n]*"
RECORD_FILTER = "template_script"


class UnknownInlineScript(Exception):
    """A page carries an inline script that no template rendered."""


class UnsafeTemplateScript(Exception):
    """A template prints an expression into a script outside a string literal."""


def _executable(attrs: str) -> bool:
    """External scripts fall under 'self'; JSON data blocks never run."""
    attrs = attrs or ""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return not kind or kind.group(1).lower() in ("text/javascript", "application/javascript", "module")


def _quote_at_end(code: str, quote: str | None) -> str | None:
    """The string literal (its quote) open after `code`, starting inside `quote` (None: in code)."""
    escaped = False
    for ch in code:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
    return quote


def script_pattern(template_body: str, where: str = "a template") -> re.Pattern:
    """The scripts a template's `<script>` body can become once Jinja has filled it in.
    UnsafeTemplateScript if an expression sits outside a '...' or "..." string literal."""
    parts = _JINJA_EXPRESSION.split(template_body)
    expressions = _JINJA_EXPRESSION.findall(template_body)
    quote = None
    for part, expression in zip(parts, expressions):
        quote = _quote_at_end(part, quote)
        if quote not in ("'", '"'):
            raise UnsafeTemplateScript(f"{where}: the script prints {expression} outside a string literal; "
                                       f"write it inside quotes, as \"{expression}\"")
    return re.compile(_EXPRESSION_VALUE.join(re.escape(part) for part in parts), re.S)


def _script_bodies(source: str):
    """The executable inline scripts of a template's source (outside Jinja comments)."""
    comments = [m.span() for m in _JINJA_COMMENT.finditer(source)]
    for match in INLINE_SCRIPT.finditer(source):
        if any(start <= match.start() < end for start, end in comments):
            continue
        if _executable(match.group("attrs")) and match.group("body").strip():
            yield match


def template_scripts(template_dirs, more_templates: dict[str, str] | None = None) -> list[re.Pattern]:
    """A pattern for every inline script in the templates of `template_dirs` (theme and overrides)
    and of `more_templates` ({name: text}: Material's templates as material-patches.yml changes them)."""
    patterns: dict[str, re.Pattern] = {}
    texts = [(t.name, t.read_text(encoding="utf-8")) for folder in template_dirs for t in sorted(Path(folder).rglob("*.html"))]
    for name, text in texts + list((more_templates or {}).items()):
        for match in INLINE_SCRIPT.finditer(_JINJA_COMMENT.sub("", text)):
            body = match.group("body")
            if _executable(match.group("attrs")) and body.strip() and body not in patterns:
                patterns[body] = script_pattern(body, name)
    return list(patterns.values())


class RecordingLoader(jinja2.BaseLoader):
    """A Jinja loader around another one: each executable inline script body of each template is
    wrapped in `{% filter template_script %}`, which notes the text the template rendered."""

    def __init__(self, loader: jinja2.BaseLoader, rendered: set[str]):
        self.loader = loader
        self.rendered = rendered

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        out, position = [], 0
        for match in _script_bodies(source):
            start, end = match.span("body")
            out += [source[position:start], "{% filter ", RECORD_FILTER, " %}", source[start:end], "{% endfilter %}"]
            position = end
        return "".join(out) + source[position:], filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()

    def record(self, body):
        self.rendered.add(str(body))
        return body


def record_template_scripts(env: jinja2.Environment, rendered: set[str]) -> None:
    """Make `env` note, in `rendered`, every inline script its templates render."""
    if not isinstance(env.loader, RecordingLoader):
        env.loader = RecordingLoader(env.loader, rendered)
    env.loader.rendered = rendered
    env.filters[RECORD_FILTER] = env.loader.record


def inline_script_hashes(html: str, allowed: list[re.Pattern], rendered: set[str]) -> set[str]:
    """The CSP hashes of the page's inline scripts; UnknownInlineScript if one is not exactly what a
    template rendered, in the shape of a template's script."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        if not _executable(match.group("attrs")):
            continue
        body = match.group("body")
        if body not in rendered or not any(pattern.fullmatch(body) for pattern in allowed):
            line = html.count("\n", 0, match.start()) + 1
            shown = re.sub(r"\s+", " ", body)[:60]
            raise UnknownInlineScript(f"line {line}: an inline script that no template ships: <script>{shown}")
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def with_csp(html: str, allowed: list[re.Pattern], rendered: set[str]) -> str:
    """`html` with the policy as the first element of <head>, before any script it governs."""
    hashes = inline_script_hashes(html, allowed, rendered)
    policy = POLICY.format(hashes="".join(f" {h}" for h in sorted(hashes)))
    return html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{policy}">', 1)

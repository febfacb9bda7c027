"""A Content-Security-Policy meta tag that allows the site itself and nothing else.

Material's few inline scripts are allowed by their hashes, computed per page, so a script that
someone injects later is refused by the browser.
"""

from __future__ import annotations

import base64
import hashlib
import re

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>\s[^>]*)?>(?P<body>.*?)</script>", re.S)


def with_csp(html: str) -> str:
    """`html` with the policy as the first element of <head>, before any script it governs."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if "src=" in attrs or ("type=" in attrs and "javascript" not in attrs):
            continue  # external scripts fall under 'self'; JSON data blocks never run
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    policy = POLICY.format(hashes="".join(f" {h}" for h in sorted(hashes)))
    return html.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{policy}">', 1)

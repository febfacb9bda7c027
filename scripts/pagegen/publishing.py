"""The opt-out guide's data, published for reuse: one JSON file and the JSON Schema it follows.

Both live at one address for every language (/data/opt-out.json, /data/opt-out.schema.json).
The schema in data/schema/ checks the data file and carries the project's own `x-error`
messages; the published copy leaves every `x-` keyword out, because validators in strict mode
(ajv's default) reject keywords they do not know. It gains an absolute `$id` under the site's
address and documents the two fields the export adds: `$schema` and `schema_version`.
"""

from __future__ import annotations

import json

EXPORT = "data/opt-out.json"
SCHEMA = "data/opt-out.schema.json"

# The shape of the export. Raise the first number when a field is removed or renamed or changes
# meaning (reusers must adapt), the second when a field is added (old readers keep working).
SCHEMA_VERSION = "3.0"

# Keywords whose value maps names (property names, definition names) to schemas: the names in
# them are not keywords, so a property called "x-..." would survive.
_SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
# Keywords whose value is data, not a schema.
_DATA_KEYWORDS = {"const", "enum", "default", "examples", "required"}


def without_extensions(schema):
    """A copy of `schema` without the `x-` keywords at any depth."""
    if isinstance(schema, list):
        return [without_extensions(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {}
    for keyword, value in schema.items():
        if keyword.startswith("x-"):
            continue
        if keyword in _SCHEMA_MAPS and isinstance(value, dict):
            copy[keyword] = {name: without_extensions(sub) for name, sub in value.items()}
        elif keyword in _DATA_KEYWORDS:
            copy[keyword] = value
        else:
            copy[keyword] = without_extensions(value)
    return copy


def published_files(data: dict, schema: dict, site_url: str) -> dict[str, str]:
    """The export and its schema, by path relative to the site root, as JSON text."""
    schema_url = f"{site_url}{SCHEMA}"
    stripped = without_extensions(schema)
    added = {
        "$schema": {"const": schema_url,
                    "description": "Where this file's JSON Schema is published."},
        "schema_version": {"const": SCHEMA_VERSION,
                           "description": "The shape of this file, MAJOR.MINOR. MAJOR goes up when a field is "
                                          "removed or renamed or changes meaning; MINOR when a field is added."},
    }
    published_schema = {"$schema": stripped["$schema"], "$id": schema_url}
    for keyword, value in stripped.items():
        if keyword == "required":
            value = [*added, *value]
        elif keyword == "properties":
            value = {**added, **value}
        published_schema.setdefault(keyword, value)
    export = {"$schema": schema_url, "schema_version": SCHEMA_VERSION, **data}
    return {EXPORT: _json(export), SCHEMA: _json(published_schema)}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"

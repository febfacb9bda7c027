"""Data files -> validated data -> Markdown pages. Plain Python; MkDocs is not imported here.

    data/*.yml --load_yaml--> Loaded --validation--> --rendering--> Outputs --write--> docs/
"""

from .build import (GenerationFailed, Outputs, WriteFailed, extra_files, generate, site_languages, site_names,
                    stale_files, write)
from .loading import DataError
from .rendering import feed_title, format_partial_date, render_atom

__all__ = ["DataError", "feed_title", "format_partial_date", "render_atom", "GenerationFailed", "Outputs",
           "WriteFailed", "extra_files", "generate", "site_languages", "site_names", "stale_files", "write"]

"""Search that finds other forms of a word ("instellingen" finds a page with only "instelling").

Material's search turns every typed word into a prefix query ("instellingen*"), and lunr does not
stem prefix queries, so a plural never finds a page that only has the singular. Here every search
entry gets a hidden `forms` field listing the other forms of its words that occur anywhere on the
site in that language, grouped by their Snowball stem. Titles and previews stay as they are.
"""

from __future__ import annotations

import re

import snowballstemmer
from babel import Locale, UnknownLocaleError

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)  # words of three letters or more
TAG = re.compile(r"<[^>]+>")


def stemmer_for(language: str):
    """The Snowball stemmer for a language code ('nl' -> dutch), or None if there is none."""
    try:
        name = Locale.parse(language).get_display_name("en").split(" ")[0].lower()
    except (UnknownLocaleError, ValueError):
        return None
    return snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(TAG.sub(" ", text or ""))}


def add_word_forms(docs: list[dict], language: str) -> list[dict]:
    """A copy of `docs` where each entry has `forms`: the site's other forms of its words."""
    stemmer = stemmer_for(language)
    if stemmer is None:
        return docs
    doc_words = [words(doc.get("title", "")) | words(doc.get("text", "")) for doc in docs]
    vocabulary = set().union(*doc_words) if doc_words else set()
    by_stem: dict[str, set[str]] = {}
    for word, stem in zip(sorted(vocabulary), stemmer.stemWords(sorted(vocabulary))):
        by_stem.setdefault(stem, set()).add(word)
    stem_of = {word: stem for stem, group in by_stem.items() for word in group}
    out = []
    for doc, own in zip(docs, doc_words):
        forms = set().union(*(by_stem[stem_of[w]] for w in own)) - own if own else set()
        out.append(dict(doc, forms=" ".join(sorted(forms))))
    return out


def split_index(merged: dict, languages: list[str]) -> dict[str, dict]:
    """One search index per language from static-i18n's merged one.

    Locations become relative to each language's root (where its pages fetch their index), the
    default language's pages, which each language build adds once more, appear once, and every
    entry gets its `forms` (indexed by lunr, never displayed).
    """
    default, others = languages[0], languages[1:]
    by_language: dict[str, list] = {lang: [] for lang in languages}
    seen: set[str] = set()
    for doc in merged["docs"]:
        if doc["location"] in seen:
            continue
        seen.add(doc["location"])
        prefix = doc["location"].split("/", 1)[0]
        by_language[prefix if prefix in others else default].append(doc)
    indexes = {}
    for lang, docs in by_language.items():
        if lang != default:
            docs = [dict(doc, location=doc["location"][len(lang) + 1:]) for doc in docs]
        fields = dict(merged["config"]["fields"], forms={"boost": 1.0})
        indexes[lang] = {"config": dict(merged["config"], lang=[lang], fields=fields),
                         "docs": add_word_forms(docs, lang)}
    return indexes

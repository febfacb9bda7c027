"""Search that forgives: other forms of a word, missing accents and elided articles.

Material's search turns every typed word into a prefix query ("instellingen*"), and lunr does not
stem prefix queries, so a plural never finds a page that only has the singular. Here every search
entry gets a hidden `forms` field listing the other forms of its words that occur anywhere on the
site in that language, grouped by their Snowball stem, and each accented word without its accents
("désactiver" -> "desactiver", "België" -> "belgie"): a phone keyboard often types none, and the
query needs no folding of its own. Titles and previews stay as they are.

The index's `separator` (what lunr splits words on, in the text and in the query alike) also
splits at apostrophes, straight or curly, and drops a French elided article with its apostrophe:
"d’opposition" is indexed as "opposition", and "s'opposer" typed on Android finds it.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer
from babel import Locale, UnknownLocaleError

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)  # words of three letters or more
TAG = re.compile(r"<[^>]+>")
# A JavaScript regular expression (Material's worker compiles it): white space and hyphens, an
# elided article or pronoun with its apostrophe (c' d' j' l' m' n' s' t' qu'), any other apostrophe.
SEPARATOR = r"[\s\-]+|\b(?:[cdjlmnst]|qu)['\u2019]|['\u2019]"
# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l"})


def fold(word: str) -> str:
    """The word without accents: 'désactiver' -> 'desactiver', 'œuvre' -> 'oeuvre'."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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
    """A copy of `docs` where each entry has `forms`: the site's other forms of its words, and
    each of those and of its own words without accents."""
    stemmer = stemmer_for(language)
    doc_words = [words(doc.get("title", "")) | words(doc.get("text", "")) | words(" ".join(doc.get("tags", [])))
                 for doc in docs]
    vocabulary = sorted(set().union(*doc_words)) if doc_words else []
    stems = stemmer.stemWords(vocabulary) if stemmer else vocabulary  # no stemmer: accents only
    by_stem: dict[str, set[str]] = {}
    for word, stem in zip(vocabulary, stems):
        by_stem.setdefault(stem, set()).add(word)
    stem_of = {word: stem for stem, group in by_stem.items() for word in group}
    out = []
    for doc, own in zip(docs, doc_words):
        forms = set().union(*(by_stem[stem_of[w]] for w in own)) if own else set()
        forms = (forms | {fold(w) for w in forms}) - own
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
        indexes[lang] = {"config": dict(merged["config"], lang=[lang], fields=fields, separator=SEPARATOR),
                         "docs": add_word_forms(docs, lang)}
    return indexes


def keywords_to_one_section(docs: list[dict], page: str, anchor: str, keywords: list[str]) -> list[dict]:
    """A copy of `docs` where, of `page`'s entries, only the page itself and its section `anchor`
    carry `keywords` as tags: Material gives every section its page's tags, so every section tied
    for them and the one that answers them ("#object" for "bezwaar") was not the first section hit."""
    wanted = set(keywords)
    out = []
    for doc in docs:
        location = doc["location"]
        if location.split("#")[0] == page and "#" in location and location != f"{page}#{anchor}":
            doc = dict(doc, tags=[tag for tag in doc.get("tags", []) if tag not in wanted])
        elif location == f"{page}#{anchor}":
            doc = dict(doc, tags=list(dict.fromkeys([*doc.get("tags", []), *keywords])))
        out.append(doc)
    return out

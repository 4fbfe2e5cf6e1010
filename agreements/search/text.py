"""Words as search sees them: the query's syntax, words and their Snowball stems, and snippets.

Stop words ("the", "of", "и") are left out of what is indexed and of what is asked, in each
language by the Snowball project's lists (``stopwords/``, the same files PostgreSQL's configurations
use), so a search finds the same passages on both databases.

A query reads as web search engines (and PostgreSQL's ``websearch_to_tsquery``) read it: words are
all required, ``"quoted words"`` must stand together, ``or`` between words takes either, and a
``-`` before a word or quoted phrase excludes it. Nothing else is syntax: ``*``, parentheses,
``NEAR``, quotes left open and SQL are words or spaces, never operators of a database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import Stemmer
from markupsafe import Markup, escape

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32

# BCP 47 primary language → Snowball algorithm; PostgreSQL's text-search configurations have the
# same names (pg_ts_config), so a text is stemmed alike on both databases.
SNOWBALL = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
SIMPLE = "simple"  # no stemming: the words as written, lower-cased

# A word: letters and digits (any script), with the marks that belong to them (Arabic vowel signs,
# Devanagari, combining accents); everything else separates words.
_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0dff]+[^\W_]*)*", re.UNICODE)
# Characters that are never text: controls, format characters (right-to-left marks, zero-width
# joiners), private use and surrogates.
_NOT_TEXT = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})


def algorithm(language: str) -> str:
    """The Snowball algorithm (and PostgreSQL configuration) for a BCP 47 language, or ``simple``."""
    return SNOWBALL.get((language or "").split("-")[0].lower(), SIMPLE)


ALGORITHMS = tuple(sorted(set(SNOWBALL.values())))


@cache
def _stemmer(name: str) -> Stemmer.Stemmer | None:
    if name == SIMPLE:
        return None
    return Stemmer.Stemmer(name, 50_000)  # the stemmer keeps a cache of the words it has seen


@cache
def stop_words(name: str) -> frozenset[str]:
    """The words the named language leaves out of its index (none for ``simple`` and languages without a list)."""
    path = Path(__file__).with_name("stopwords") / f"{name}.txt"
    if name == SIMPLE or not path.is_file():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def clean(text: str) -> str:
    """Text with what is not text removed (controls, direction marks) and compatibility forms unified."""
    text = unicodedata.normalize("NFKC", text)
    # The usual case, checked at C speed: printable once line breaks and tabs are set aside.
    if text.isprintable() or text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text
    return "".join(ch if unicodedata.category(ch) not in _NOT_TEXT else " " for ch in text)


def words(text: str) -> list[str]:
    """The words of a text, lower-cased."""
    return _WORD.findall(text.lower())


def stem_all(name: str, tokens: list[str]) -> list[str]:
    """Each word's stem by the named algorithm (unchanged for ``simple``)."""
    stemmer = _stemmer(name)
    return stemmer.stemWords(tokens) if stemmer else list(tokens)


def content_words(name: str, tokens: list[str] | tuple[str, ...]) -> list[str]:
    """The words that are not stop words of the named language."""
    stops = stop_words(name)
    return [t for t in tokens if t not in stops]


def terms(language: str, text: str) -> str:
    """What the SQLite index holds for a text: the stems of its words but stop words, in the text's
    language, in order."""
    name = algorithm(language)
    return " ".join(stem_all(name, content_words(name, words(text))))


# --- the query ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One word or quoted phrase of a query, required or excluded."""

    words: tuple[str, ...]
    excluded: bool = False

    @property
    def is_phrase(self) -> bool:
        """Whether the words must stand together, in order."""
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    """A parsed query: alternatives (``or``), each a list of parts that must all hold."""

    text: str
    alternatives: tuple[tuple[Part, ...], ...] = field(default_factory=tuple)

    @property
    def wanted(self) -> frozenset[str]:
        """Every word looked for (not excluded), lower-cased."""
        return frozenset(w for alt in self.alternatives for p in alt if not p.excluded for w in p.words)

    @property
    def is_empty(self) -> bool:
        """Whether nothing is looked for: no words, or only excluded ones."""
        return not self.wanted


_CHUNKS = re.compile(r"[^\w-]+")
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<minus>(?:(?<=\s)|^)-)?(?P<word>[^\s"]+)')


def parse(text: str) -> Query:
    """Read a query as a web search box does; never fails, whatever is typed."""
    text = " ".join(clean(text).split())
    alternatives: list[list[Part]] = [[]]
    pending_minus = False
    for m in _TOKEN.finditer(text):
        if m.group("phrase") is not None:
            found = tuple(words(m.group("phrase")))
            if found:
                alternatives[-1].append(Part(found, excluded=pending_minus))
            pending_minus = False
            continue
        raw = m.group("word")
        if raw.lower() == "or" and not m.group("minus"):
            if alternatives[-1]:
                alternatives.append([])
            continue
        excluded = bool(m.group("minus")) or pending_minus
        chunks = [tuple(words(chunk)) for chunk in _CHUNKS.split(raw)]
        chunks = [c for c in chunks if c]
        if not chunks:
            # A lone "-" excludes the word or quoted phrase after it.
            pending_minus = set(raw) == {"-"}
            continue
        # "e-mail" or "MOU-2010-0001": a hyphenated word's parts stand together, as one phrase.
        alternatives[-1].append(Part(chunks[0], excluded=excluded))
        alternatives[-1].extend(Part(c) for c in chunks[1:])
        pending_minus = False
    kept = tuple(tuple(alt) for alt in alternatives if any(not p.excluded for p in alt))
    return Query(text, kept)


def too_long(text: str) -> str | None:
    """Why a query is too long to run, in the user's words; None when it is not."""
    if len(text) > MAX_QUERY_CHARS:
        return f"The search is {len(text):,} characters long; shorten it to at most {MAX_QUERY_CHARS}."
    if len(words(text)) > MAX_QUERY_WORDS:
        return f"The search has more than {MAX_QUERY_WORDS} words; keep the few that matter most."
    return None


def forms_in(query: Query, language: str) -> frozenset[str]:
    """The forms a text in ``language`` holds of the words looked for: as written, and their stems
    by that language's stemmer (as the index of that text holds them)."""
    wanted = sorted(query.wanted)
    return frozenset((*wanted, *stem_all(algorithm(language), wanted)))


# --- snippets -----------------------------------------------------------------------------------------
SNIPPET_WORDS = 28
SNIPPET_SCAN_CHARS = 20_000  # a snippet is looked for in the first 20,000 characters of a passage


def snippet(text: str, language: str, query: Query, size: int = SNIPPET_WORDS) -> Markup:
    """A short excerpt of ``text`` around the words found, escaped, the words found in ``<mark>``.

    The excerpt is the run of ``size`` words holding most of the words found (the earliest such);
    "…" marks text left out before or after it.
    """
    scanned = text[:SNIPPET_SCAN_CHARS]
    spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(scanned)]
    if not spans:
        return Markup("")
    name = algorithm(language)
    forms = forms_in(query, language)
    stops = stop_words(name)
    stems = stem_all(name, [s[2] for s in spans])
    hits = [w not in stops and (w in forms or st in forms) for (_, _, w), st in zip(spans, stems, strict=True)]
    best = _best_window(hits, size)
    window = range(best, min(best + size, len(spans)))
    start_char = spans[window.start][0]
    end_char = spans[window.stop - 1][1]
    out = [Markup("… ") if window.start > 0 else Markup("")]
    cursor = start_char
    for i in window:
        s, e, _ = spans[i]
        out.append(escape(scanned[cursor:s]))
        word = escape(scanned[s:e])
        out.append(Markup("<mark>") + word + Markup("</mark>") if hits[i] else word)
        cursor = e
    if window.stop < len(spans) or len(text) > len(scanned):
        out.append(Markup(" …"))
    else:
        out.append(escape(scanned[end_char:].rstrip()))  # the closing punctuation
    return Markup("").join(out)


def _best_window(hits: list[bool], size: int) -> int:
    """Where the run of ``size`` words with most hits starts (the earliest), moved back a little so
    that its first hit has some words before it."""
    if len(hits) <= size:
        return 0
    count = sum(hits[:size])
    best, best_count = 0, count
    for start in range(1, len(hits) - size + 1):
        count += hits[start + size - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    first_hit = next((i for i in range(best, best + size) if hits[i]), best)
    return max(0, min(best, first_hit - size // 4))

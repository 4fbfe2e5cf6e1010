"""Comparing two versions of a text: articles paired (moved and renumbered ones recognised), word-level redlines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from ..errors import InvalidInput
from ..models import Agreement, TextVersion
from .numbers import whole_number
from .taxonomy import language_name
from .versions import get_version

SIMILAR = 0.6  # articles at least this alike (heading and body, every language) are the same article
MAX_VERSION = 2**31 - 1  # version numbers are INTEGER columns (PostgreSQL int4)
SAME_NUMBER_BONUS = 0.05  # between two equally good partners, prefer the one that kept its number
TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


class Segment(NamedTuple):
    """A run of text: the same in both versions (equal), only in the later (insert) or only in the earlier (delete)."""

    op: str
    text: str


@dataclass(frozen=True)
class VersionInfo:
    """Who saved a compared version, when, from which side, and its hash."""

    number: int
    author: str | None
    author_email: str | None
    created_at: dt.datetime
    origin: str
    note: str
    sha256: str


@dataclass
class BlockDiff:
    """Preamble or final clauses: the redline per language."""

    status: str  # added, removed, changed, unchanged
    text: dict[str, list[Segment]]
    changed_languages: list[str]
    language_warning: str | None = None  # changed in some languages of the agreement and not in others


@dataclass
class ArticleDiff:
    """One article in both versions (or in one only), with its heading and body redlined per language."""

    status: str  # added, removed, changed, unchanged, moved, renumbered
    from_number: str | None
    to_number: str | None
    heading: dict[str, list[Segment]]
    body: dict[str, list[Segment]]
    changed: dict[str, list[str]] = field(default_factory=dict)  # "heading"/"body" -> languages changed
    language_warning: str | None = None  # changed in some languages of the agreement and not in others

    @property
    def number(self) -> str:
        """The article's number in the later version, or in the earlier one if it was removed."""
        return self.to_number if self.to_number is not None else self.from_number or ""

    @property
    def is_text_changed(self) -> bool:
        """Whether the wording of heading or body differs, whatever happened to the number."""
        return any(self.changed.values())


@dataclass
class Comparison:
    """Everything that differs between two versions, and the sentences that sum it up."""

    agreement_id: int
    reference: str
    languages: list[str]
    from_version: VersionInfo
    to_version: VersionInfo
    preamble: BlockDiff
    articles: list[ArticleDiff]
    final_clauses: BlockDiff
    summary: list[str]

    @property
    def is_identical(self) -> bool:
        """Whether the two texts are the same."""
        return self.from_version.sha256 == self.to_version.sha256

    @property
    def language_warnings(self) -> list[str]:
        """Each part of the text changed in some languages and not in the others, in reading order."""
        parts = [self.preamble, *self.articles, self.final_clauses]
        return [part.language_warning for part in parts if part.language_warning]


# --- reading the request ---------------------------------------------------------------------------
def version_numbers(raw_from: Any, raw_to: Any) -> tuple[int, int]:
    """The two version numbers asked for (``from`` and ``to``); InvalidInput naming each one missing or wrong."""
    errors: dict[str, str] = {}
    numbers = []
    # As the compare page labels them; the address names them ``from`` and ``to``.
    for name, label, raw in (("from", "Earlier version", raw_from), ("to", "Later version", raw_to)):
        text = str(raw).strip() if raw is not None else ""
        if not text:
            errors[name] = f"Choose the {label.lower()} to compare ({name}=1 in the address)."
        elif (number := whole_number(text, 1, MAX_VERSION)) is None:
            errors[name] = f"{label} must be a version number from 1 to {MAX_VERSION:,}, not {text[:20]!r}."
        else:
            numbers.append(number)
    if errors:
        raise InvalidInput("Choose two versions to compare: " + " ".join(errors.values()), errors)
    return numbers[0], numbers[1]


# --- word-level redlines ---------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    """Words, punctuation marks and runs of whitespace, in order; joined they give the text back."""
    return TOKENS.findall(text)


def _tidy(raw: list[Segment]) -> list[Segment]:
    """Readable redlines: whitespace, or a scrap much shorter than the changes around it, joins two changes into one;
    each change reads deleted, then inserted."""
    spans: list[Segment] = []
    for i, seg in enumerate(raw):
        bridged = (
            seg.op == "equal"
            and 0 < i < len(raw) - 1
            and raw[i - 1].op != "equal"
            and raw[i + 1].op != "equal"
            and (not seg.text.strip() or len(seg.text) <= min(len(raw[i - 1].text), len(raw[i + 1].text)) // 2)
        )
        if bridged:
            spans += [Segment("delete", seg.text), Segment("insert", seg.text)]
        else:
            spans.append(seg)
    out: list[Segment] = []
    i = 0
    while i < len(spans):
        if spans[i].op == "equal":
            out.append(spans[i])
            i += 1
            continue
        deleted, inserted = [], []
        while i < len(spans) and spans[i].op != "equal":
            (deleted if spans[i].op == "delete" else inserted).append(spans[i].text)
            i += 1
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
    return out


def word_diff(old: str, new: str) -> list[Segment]:
    """The redline of ``old`` into ``new`` word by word, whitespace kept: equal, delete and insert segments."""
    if old == new:
        return [Segment("equal", old)] if old else []
    if not old:
        return [Segment("insert", new)]
    if not new:
        return [Segment("delete", old)]
    a, b = _tokens(old), _tokens(new)
    raw: list[Segment] = []
    # Whitespace never anchors a match (it is everywhere), but matches grow through it.
    for op, i1, i2, j1, j2 in SequenceMatcher(str.isspace, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(b[j1:j2])))
    return _tidy(raw)


def _per_language(old: dict[str, str], new: dict[str, str], languages: list[str]) -> dict[str, list[Segment]]:
    """The redline in each language of the agreement (and any other language either text has)."""
    extra = [lang for lang in (*old, *new) if lang not in languages]
    return {lang: word_diff(old.get(lang, ""), new.get(lang, "")) for lang in [*languages, *dict.fromkeys(extra)]}


def _changed(diff: dict[str, list[Segment]]) -> list[str]:
    """The languages in which a redline shows any change."""
    return [lang for lang, segments in diff.items() if any(s.op != "equal" for s in segments)]


def _names(languages: list[str]) -> str:
    """'English', 'English and Italian', 'English, French and Italian'."""
    names = [language_name(lang) for lang in languages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _language_warning(place: str, changed: set[str], languages: list[str]) -> str | None:
    """A warning when ``place`` changed in some of the agreement's languages and not in the others: the
    language versions, which conformed, may no longer."""
    done = [lang for lang in languages if lang in changed]
    left = [lang for lang in languages if lang not in changed]
    if not done or not left:
        return None
    return f"{place} changed in {_names(done)} but not in {_names(left)}: check that the versions still conform."


# --- pairing articles ------------------------------------------------------------------------------
def _words(article: dict) -> list[str]:
    """The words of an article, heading and body in every language, for measuring how alike two articles are."""
    parts = [*article.get("heading", {}).values(), *article.get("body", {}).values()]
    return [t for t in _tokens(" ".join(parts)) if not t.isspace()]


def _same_text(a: dict, b: dict) -> bool:
    """Whether two articles have the same heading and body in every language."""
    return a.get("heading", {}) == b.get("heading", {}) and a.get("body", {}) == b.get("body", {})


def _similarity(a: list[str], b: list[str]) -> float:
    """How alike two word lists are, 0 to 1; cheap upper bounds first, since most pairs are far apart."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def pair_articles(old: list[dict], new: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs of indexes (old, new) of the same article; None on one side for a removed or an added article.

    Identical articles pair first (the same number preferred), then the most alike at or above
    ``SIMILAR``; an article that kept its number but was rewritten beyond that is still the same
    article. The pairs come in the order of the later version, removed articles where they stood.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()

    def pair(i: int, j: int) -> None:
        pairs[i] = j
        taken.add(j)

    by_number = {a["number"]: j for j, a in enumerate(new)}
    for i, article in enumerate(old):
        j = by_number.get(article["number"])
        if j is not None and _same_text(article, new[j]):
            pair(i, j)
    for i, article in enumerate(old):
        if i in pairs:
            continue
        for j, other in enumerate(new):
            if j not in taken and _same_text(article, other):
                pair(i, j)
                break
    _fill_gaps(old, new, pairs, pair)
    old_words = {i: _words(a) for i, a in enumerate(old) if i not in pairs}
    new_words = {j: _words(a) for j, a in enumerate(new) if j not in taken}
    candidates = []
    for i, a in old_words.items():
        for j, b in new_words.items():
            score = _similarity(a, b)
            if score >= SIMILAR:
                bonus = SAME_NUMBER_BONUS if old[i]["number"] == new[j]["number"] else 0.0
                candidates.append((score + bonus, -abs(i - j), i, j))
    for _, _, i, j in sorted(candidates, reverse=True):
        if i not in pairs and j not in taken:
            pair(i, j)
    for i, article in enumerate(old):
        j = by_number.get(article["number"])
        if i not in pairs and j is not None and j not in taken:
            pair(i, j)
    return _in_reading_order(pairs, len(old), len(new))


def _fill_gaps(old: list[dict], new: list[dict], pairs: dict[int, int], pair) -> None:
    """Pair an article reworded where it stood: its neighbour is paired, and it is alike enough to the one next to that.

    Most changes are of this kind, and this finds them without measuring every article against every other.
    """
    taken = set(pairs.values())
    grew = True
    while grew:
        grew = False
        for i in range(len(old)):
            if i in pairs:
                continue
            guesses = [pairs[i - 1] + 1] if i - 1 in pairs else []
            guesses += [pairs[i + 1] - 1] if i + 1 in pairs else []
            guesses += [0] if i == 0 else []
            for j in guesses:
                if 0 <= j < len(new) and j not in taken and _similarity(_words(old[i]), _words(new[j])) >= SIMILAR:
                    pair(i, j)
                    taken.add(j)
                    grew = True
                    break


def _in_reading_order(pairs: dict[int, int], n_old: int, n_new: int) -> list[tuple[int | None, int | None]]:
    """The pairs in the later version's order, each removed article after the one that preceded it."""
    old_of = {j: i for i, j in pairs.items()}
    out: list[tuple[int | None, int | None]] = []
    removed = [i for i in range(n_old) if i not in pairs]
    for j in range(n_new):
        i = old_of.get(j)
        while removed and i is not None and removed[0] < i:
            out.append((removed.pop(0), None))
        out.append((i, j))
    out += [(i, None) for i in removed]
    return out


def _kept_order(pairs: list[tuple[int | None, int | None]]) -> set[int]:
    """The old indexes of the paired articles that stayed in order (a longest increasing run); the rest moved."""
    seq = [i for i, j in pairs if i is not None and j is not None]
    if not seq:
        return set()
    best_len = [1] * len(seq)
    prev = [-1] * len(seq)
    for k in range(len(seq)):
        for m in range(k):
            if seq[m] < seq[k] and best_len[m] + 1 > best_len[k]:
                best_len[k], prev[k] = best_len[m] + 1, m
    k = max(range(len(seq)), key=best_len.__getitem__)
    kept = set()
    while k != -1:
        kept.add(seq[k])
        k = prev[k]
    return kept


def _article_diff(old: dict | None, new: dict | None, languages: list[str], in_order: bool) -> ArticleDiff:
    """One article compared: status, numbers and redlines."""
    empty: dict[str, Any] = {"number": None, "heading": {}, "body": {}}
    a, b = old or empty, new or empty
    heading = _per_language(a["heading"], b["heading"], languages)
    body = _per_language(a["body"], b["body"], languages)
    changed = {"heading": _changed(heading), "body": _changed(body)} if old and new else {}
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    elif not in_order:
        status = "moved"
    elif a["number"] != b["number"]:
        status = "renumbered"
    elif any(changed.values()):
        status = "changed"
    else:
        status = "unchanged"
    touched = {*changed.get("heading", ()), *changed.get("body", ())}
    warning = _language_warning(f"Art. {b['number']}", touched, languages) if old and new else None
    return ArticleDiff(status, a["number"], b["number"], heading, body, changed, warning)


# --- the whole comparison ---------------------------------------------------------------------------
def _block(old: dict[str, str], new: dict[str, str], languages: list[str], title: str) -> BlockDiff:
    """Preamble or final clauses compared."""
    text = _per_language(old, new, languages)
    changed = _changed(text)
    status = "unchanged" if not changed else "added" if not old else "removed" if not new else "changed"
    warning = _language_warning(f"The {title}", set(changed), languages) if old and new else None
    return BlockDiff(status, text, changed, warning)


def _langs(languages: list[str]) -> str:
    """'en', 'en and ru', 'en, ru and ar'."""
    return languages[0] if len(languages) == 1 else ", ".join(languages[:-1]) + " and " + languages[-1]


def _article_sentence(diff: ArticleDiff) -> list[str]:
    """What happened to one article, in a sentence or two; nothing if nothing did."""
    if diff.status == "added":
        return [f"Art. {diff.to_number} added"]
    if diff.status == "removed":
        return [f"Art. {diff.from_number} removed"]
    sentences = []
    if diff.status == "moved":
        sentences.append(
            f"Art. {diff.from_number} moved to {diff.to_number}"
            if diff.from_number != diff.to_number
            else f"Art. {diff.to_number} moved"
        )
    elif diff.status == "renumbered":
        sentences.append(f"Art. {diff.from_number} renumbered {diff.to_number}")
    parts = [f"{part} changed in {_langs(langs)}" for part, langs in diff.changed.items() if langs]
    if parts:
        if diff.changed["heading"] == diff.changed["body"]:
            parts = [f"heading and body changed in {_langs(diff.changed['body'])}"]
        sentences.append(f"Art. {diff.to_number} " + "; ".join(parts))
    return sentences


def _shift(diff: ArticleDiff) -> int | None:
    """How far a renumbered article's number moved, when both numbers are whole numbers."""
    if diff.status != "renumbered" or not (diff.from_number.isdigit() and diff.to_number.isdigit()):
        return None
    return int(diff.to_number) - int(diff.from_number)


def _runs(articles: list[ArticleDiff]) -> list[list[ArticleDiff]]:
    """The articles in runs: consecutive articles renumbered by the same shift together, any other alone."""
    runs: list[list[ArticleDiff]] = []
    for diff in articles:
        shift = _shift(diff)
        if runs and shift is not None and _shift(runs[-1][-1]) == shift:
            runs[-1].append(diff)
        else:
            runs.append([diff])
    return runs


def _summary(preamble: BlockDiff, articles: list[ArticleDiff], final_clauses: BlockDiff) -> list[str]:
    """The changes as sentences a reader takes in at a glance, in reading order."""
    sentences = []
    if preamble.changed_languages:
        sentences.append(f"Preamble {preamble.status} in {_langs(preamble.changed_languages)}")
    for run in _runs(articles):
        if len(run) > 2:
            sentences.append(
                f"Arts. {run[0].from_number}–{run[-1].from_number} renumbered {run[0].to_number}–{run[-1].to_number}"
            )
            sentences += [s for diff in run for s in _article_sentence(diff)[1:]]
        else:
            sentences += [s for diff in run for s in _article_sentence(diff)]
    if final_clauses.changed_languages:
        sentences.append(f"Final clauses {final_clauses.status} in {_langs(final_clauses.changed_languages)}")
    return sentences


def _info(version: TextVersion) -> VersionInfo:
    """What the comparison says about one of its versions."""
    author = version.author
    return VersionInfo(
        number=version.number,
        author=author.display_name if author else None,
        author_email=author.email if author else None,
        created_at=version.created_at,
        origin=version.origin,
        note=version.note,
        sha256=version.sha256,
    )


def compare_texts(old: TextVersion, new: TextVersion, languages: list[str]) -> tuple:
    """Preamble, article and final-clause diffs, and the summary, of two texts."""
    pairs = pair_articles(old.articles, new.articles)
    kept = _kept_order(pairs)
    articles = [
        _article_diff(
            old.articles[i] if i is not None else None,
            new.articles[j] if j is not None else None,
            languages,
            i is None or j is None or i in kept,
        )
        for i, j in pairs
    ]
    preamble = _block(old.preamble, new.preamble, languages, "preamble")
    final_clauses = _block(old.final_clauses, new.final_clauses, languages, "final clauses")
    return preamble, articles, final_clauses, _summary(preamble, articles, final_clauses)


def compare_versions(agreement: Agreement, from_n: int, to_n: int) -> Comparison:
    """Compare version ``from_n`` of an agreement's text with version ``to_n``; NotFound for an unknown version.

    The caller has already loaded the agreement for the person asking, so visibility is settled.
    """
    old, new = get_version(agreement, from_n), get_version(agreement, to_n)
    languages = list(agreement.languages)
    preamble, articles, final_clauses, summary = compare_texts(old, new, languages)
    return Comparison(
        agreement_id=agreement.id,
        reference=agreement.reference,
        languages=languages,
        from_version=_info(old),
        to_version=_info(new),
        preamble=preamble,
        articles=articles,
        final_clauses=final_clauses,
        summary=summary,
    )

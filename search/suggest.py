"""«Возможно, вы искали …»: a mistyped query corrected from the index's vocabulary.

When a query finds nothing, each of its words the portal's text does not
contain is replaced by the closest word it does contain (search.vocabulary):
at most one typing error away for short words, two for longer ones, the more
frequent word winning a tie. A word typed in the Latin keyboard layout
(«djkjynths») is read in the Russian one first. Candidates are found through
shared letter pairs, then compared letter by letter, so a suggestion costs a
few milliseconds however large the vocabulary.

The vocabulary is kept in each process for a few minutes: a suggestion is only
offered after its own search found something (search.api), so a word that has
since left the index costs nothing but a missed suggestion.
"""

import collections
import re
import threading
import time

from .text import CYRILLIC_RE, STOP_WORDS, WORD_RE, fold

KEEP_SECONDS = 300
CANDIDATES = 200
LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
RUSSIAN = "йцукенгшщзхъфывапролджэячсмитьбюё"
LAYOUT = str.maketrans(LATIN + LATIN.upper(), RUSSIAN + RUSSIAN.upper())
LATIN_RE = re.compile(r"[a-z]", re.IGNORECASE)


def _pairs(word):
    padded = f"^{word}$"
    return {padded[index : index + 2] for index in range(len(padded) - 1)}


def distance(first, second, limit):
    """Damerau–Levenshtein distance (adjacent swaps count once), or limit + 1 beyond it."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous = None
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            cost = 0 if a == b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and a == second[j - 2]
                and first[i - 2] == b
            ):
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


class Speller:
    """Closest vocabulary words to a mistyped one."""

    def __init__(self, counts):
        self.counts = counts
        self.by_pair = collections.defaultdict(list)
        for word in counts:
            for pair in _pairs(word):
                self.by_pair[pair].append(word)

    def known(self, word):
        return word in self.counts

    def correct(self, word):
        """The best replacement of a folded word, or None."""
        limit = 1 if len(word) <= 4 else 2
        shared = collections.Counter()
        for pair in _pairs(word):
            shared.update(self.by_pair.get(pair, ()))
        best = None
        for candidate, _count in shared.most_common(CANDIDATES):
            gap = distance(word, candidate, limit)
            if gap > limit:
                continue
            key = (gap, -self.counts[candidate], candidate[:1] != word[:1], candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None


_speller = {"made": 0.0, "value": None}
_lock = threading.Lock()


def speller():
    with _lock:
        if _speller["value"] is None or time.monotonic() - _speller["made"] > KEEP_SECONDS:
            from .vocabulary import load

            _speller["value"] = Speller(load())
            _speller["made"] = time.monotonic()
        return _speller["value"]


def forget():
    """Drop the kept vocabulary (tests, and after a rebuild in this process)."""
    with _lock:
        _speller["value"] = None


def _fix(word, checker):
    """The replacement of one typed word, or None to keep it."""
    folded = fold(word)
    if folded in STOP_WORDS or checker.known(folded) or len(folded) < 3 or not folded.isalpha():
        return None
    return checker.correct(folded)


def _switch_layout(chunk, checker):
    """A chunk typed in the Latin layout, read in the Russian one (or None)."""
    switched = fold(chunk.translate(LAYOUT))
    if not switched.isalpha() or not CYRILLIC_RE.search(switched):
        return None
    if checker.known(switched):
        return switched
    return checker.correct(switched)


def suggest(query):
    """The query with its unknown words corrected, or "" when nothing changes."""
    checker = speller()
    if not checker.counts:
        return ""
    out, changed = [], False
    for chunk in query.split():
        if not CYRILLIC_RE.search(fold(chunk)) and LATIN_RE.search(chunk):
            fixed = _switch_layout(chunk, checker)
            if fixed:
                out.append(fixed)
                changed = True
                continue
        parts, last = [], 0
        for match in WORD_RE.finditer(chunk):
            fixed = _fix(match.group(), checker)
            parts.append(chunk[last : match.start()])
            parts.append(fixed or match.group())
            changed = changed or bool(fixed)
            last = match.end()
        parts.append(chunk[last:])
        out.append("".join(parts))
    return " ".join(out) if changed else ""

"""Reading a query: its words become *slots*, each a set of acceptable alternatives.

A slot is what one word of the query (or one expression of a synonym group,
«старшего поколения», «СО НКО») asks of a document: any one of its
alternatives. An alternative is a sequence of words that must all be present,
and each of those words is given as its lemmas (any will do). So
«волонтёрам» becomes one slot with the alternatives «волонтёр» and
«доброволец», and «людей старшего поколения» two slots: «человек» and
{«старший поколение», «пожилой», «пенсионер»}.

Backends turn slots into their own query language (FTS5 MATCH, tsquery,
Elasticsearch bool queries): a document matches all slots (all words) or, when
that leaves little, as many slots as it can (search.backends.base). Within a
slot, the words as typed (`literal`) rank above their synonyms: a document that
says «люди старшего поколения» comes before one that says «пенсионеры». Synonyms come from
`SynonymGroup` rows, read at query time, so an editor's new group counts at the
next search, on every backend, without a reindex.
"""

from dataclasses import dataclass

from .text import MAX_QUERY_TERMS, STOP_WORDS, WORD_RE, fold, lemmas

# No slot grows beyond this many alternatives, however many groups share a word.
MAX_ALTERNATIVES = 16


@dataclass(frozen=True)
class Slot:
    """One word or expression of a query and the alternatives that satisfy it."""

    text: str  # as typed
    alternatives: tuple  # of alternatives: tuples of words, each a tuple of lemmas
    literal: tuple = ()  # the alternative of the words as typed (ranked above synonyms)

    @property
    def has_synonyms(self):
        return self.alternatives != (self.literal,)

    @property
    def lemmas(self):
        """Every lemma of every alternative (for marking matched words)."""
        return {
            lemma for alternative in self.alternatives for word in alternative for lemma in word
        }

    def found_in(self, lemma_set):
        """True when a text whose lemmas are `lemma_set` satisfies this slot."""
        return any(
            all(any(lemma in lemma_set for lemma in word) for word in alternative)
            for alternative in self.alternatives
        )


def _word(folded):
    return lemmas(folded)


def _requirement(folded_words):
    """A term's words as an alternative: stop words left out unless all are stop words."""
    kept = [word for word in folded_words if word not in STOP_WORDS] or list(folded_words)
    return tuple(_word(word) for word in kept)


def build_synonym_index(groups):
    """A lookup of synonym terms from groups given as lists of terms (strings).

    Returns {first lemma: [(match words, alternatives of the group), …]}, where
    match words are the term's words as lemma tuples (stop words included,
    so «СО НКО» is matched as written) and the alternatives are every term of
    the group as a requirement.
    """
    index = {}
    for terms in groups:
        parsed = []
        for term in terms:
            folded = [fold(word) for word in WORD_RE.findall(term)]
            if folded:
                parsed.append((tuple(_word(word) for word in folded), _requirement(folded)))
        if len(parsed) < 2:
            continue
        alternatives = tuple(dict.fromkeys(requirement for _match, requirement in parsed))
        for match, _unused in parsed:
            for lemma in match[0]:
                index.setdefault(lemma, []).append((match, alternatives))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


def _longest_term(index, items, start):
    """The synonym terms matching the query's words from `start`: (length, alternatives)."""
    best_length, found = 0, []
    for lemma in items[start][2]:
        for match, alternatives in index.get(lemma, ()):
            length = len(match)
            if length < best_length or start + length > len(items):
                continue
            if all(set(match[offset]) & set(items[start + offset][2]) for offset in range(length)):
                if length > best_length:
                    best_length, found = length, []
                found.extend(alternatives)
    return best_length, found


def _pruned(alternatives):
    """Alternatives without those that only add words to another one (implied by it)."""
    sets = [set(alternative) for alternative in alternatives]
    return tuple(
        alternative
        for index, alternative in enumerate(alternatives)
        if not any(other < sets[index] for other in sets)
    )


def parse(query, synonym_index=None):
    """The slots of a query string (already cleaned), in order, duplicates merged.

    Stop words («и», «в», «для») are left out, unless the query has nothing
    else; an expression of a synonym group is one slot even when it holds
    one («СО НКО»).
    """
    synonym_index = synonym_index or {}
    items = [(typed, fold(typed)) for typed in WORD_RE.findall(query or "")]
    items = [(typed, folded, _word(folded)) for typed, folded in items]
    slots, stops = [], []
    position = 0
    while position < len(items):
        length, alternatives = _longest_term(synonym_index, items, position)
        if length:
            words = items[position : position + length]
            own = _requirement([folded for _typed, folded, _lemmas in words])
            merged = _pruned(tuple(dict.fromkeys([own, *alternatives])))[:MAX_ALTERNATIVES]
            slots.append(Slot(" ".join(typed for typed, *_ in words), merged, own))
            position += length
            continue
        typed, folded, word_lemmas = items[position]
        slot = Slot(typed, ((word_lemmas,),), (word_lemmas,))
        (stops if folded in STOP_WORDS else slots).append(slot)
        position += 1
    chosen = slots or stops
    unique = {}
    for slot in chosen:
        unique.setdefault(slot.alternatives, slot)
    return list(unique.values())[:MAX_QUERY_TERMS]


def synonym_index():
    """The synonym lookup built from every `SynonymGroup`, kept until one changes.

    Memoised in the shared cache under the search area's token: saving or
    deleting a group bumps it (search.apps), so the next search reads the new
    groups.
    """
    from home.page_cache import SEARCH, memoised

    from .models import SynonymGroup, split_terms

    def compute():
        rows = SynonymGroup.objects.order_by("pk").values_list("terms", flat=True)
        return build_synonym_index(split_terms(terms) for terms in rows)

    return memoised("search:synonyms", compute, area=SEARCH)


def highlight_terms(slots):
    """Every lemma a result may show marked."""
    terms = set()
    for slot in slots:
        terms |= slot.lemmas
    return terms - STOP_WORDS if terms - STOP_WORDS else terms

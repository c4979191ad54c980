"""Russian text handling shared by every backend: words, lemmas, snippets.

Every backend matches *lemmas*, the dictionary forms of words, worked out here
in Python with pymorphy3 and its OpenCorpora dictionary: «людьми», «людей» and
«люди» are all «человек», «детьми» is «ребёнок», «добровольцев» is
«доброволец». A stemmer cuts such forms differently and loses them; a
dictionary does not. The same tokens go into SQLite's FTS5 table, PostgreSQL's
tsvector (the `simple` configuration, which only lower-cases) and the
Elasticsearch fields (a whitespace analyzer), so all three find the same
documents for the same words. The letter ё is folded to е everywhere, so
«ёлка» and «елка» are one word.

A word pymorphy3 reads two ways with comparable likelihood («шли»: идти or
слать) is indexed and queried under both lemmas; words it does not know get
the lemma its suffix model predicts, the same at index and query time. Digits
and Latin words pass through lower-cased.

Snippets for every backend are cut and highlighted here too, which keeps them
identical on SQLite, PostgreSQL and Elasticsearch.
"""

import functools
import re
import threading
import unicodedata
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

# Longest query we look at; the rest of a pasted text is ignored, never an error.
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 16
# A second reading of a word counts when it is at least this likely relative
# to the first («пожилыми»: пожилой 0.67, пожилое 0.33 → both; «стали»:
# стать 0.98, сталь 0.01 → стать only).
SECOND_LEMMA_RATIO = 0.5
MAX_LEMMAS = 2

# Letters and digits; the underscore separates words as punctuation does.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
CYRILLIC_RE = re.compile(r"[а-яё]")

# Snowball's Russian stop-word list (the one PostgreSQL and Elasticsearch use),
# already folded ё→е. Queries drop them; the index keeps them.
STOP_WORDS = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
    только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если
    уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей
    может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз
    тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом
    один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец
    два об другой хоть после над больше тот через эти нас про всего них какая много
    разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой
    им более всегда конечно всю между
    """.split()
)

_morph = None
_morph_lock = threading.Lock()


def _analyzer():
    """pymorphy3's analyzer, loaded once per process (about a second, 15 MB)."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


def fold(text):
    """Lower-case and fold ё→е: the normal form of every indexed or queried word."""
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def lemmas(word):
    """The lemmas of one folded word, most likely first (one or two), folded.

    Words without Cyrillic letters (numbers, Latin names) are their own lemma.
    """
    if not CYRILLIC_RE.search(word):
        return (word,)
    parses = _analyzer().parse(word)
    if not parses:
        return (word,)
    best = parses[0].score or 1.0
    found = []
    for parse in parses:
        if parse.score < best * SECOND_LEMMA_RATIO:
            break
        lemma = fold(parse.normal_form)
        if lemma not in found:
            found.append(lemma)
            if len(found) == MAX_LEMMAS:
                break
    return tuple(found) or (word,)


def words(text):
    """Folded words of `text`, in order."""
    return WORD_RE.findall(fold(text or ""))


@functools.lru_cache(maxsize=200_000)
def _index_tokens(word):
    return " ".join(lemmas(word))


def lemma_text(text):
    """`text` as a space-separated string of lemmas, for a full-text column or field."""
    return words_lemma_text(words(text))


def words_lemma_text(folded_words):
    """`lemma_text` of words already split and folded by `words()`."""
    return " ".join(map(_index_tokens, folded_words))


def word_lemmas(word):
    """The lemmas of a word as typed (folded first)."""
    return lemmas(fold(word))


def clean_query(raw):
    """Make any user input a safe query string: no control characters, bounded length."""
    text = "".join(
        " " if unicodedata.category(char)[0] in {"C", "Z"} else char for char in str(raw or "")
    )
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS].strip()


def html_to_text(html):
    """Plain text of an HTML fragment, whitespace collapsed, its entities read:
    «&lt;» is the character «<» (snippets escape the text once, when they are
    shown; issue 17: they showed «&amp;lt;»)."""
    return " ".join(unescape(strip_tags(str(html or ""))).split())


def _matches(word, terms):
    return any(lemma in terms for lemma in lemmas(fold(word)))


def _marked(text, terms):
    """Escape `text` and wrap every word with a lemma in `terms` in <mark>."""
    out = []
    last = 0
    for match in WORD_RE.finditer(text):
        word = match.group()
        if _matches(word, terms):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def highlight(text, terms):
    """The whole of a short text (a title) with matched words marked, as safe HTML."""
    return mark_safe(_marked(text or "", frozenset(terms)))  # noqa: S308 - escaped in _marked


def snippet(texts, terms, length=220):
    """A window of about `length` characters around the densest match, marked.

    `texts` are tried in order (summary, then body); the first with a match wins.
    Without any match the start of the first non-empty text is shown.
    """
    terms = frozenset(terms)
    for text in texts:
        if not text:
            continue
        positions = [
            match.start() for match in WORD_RE.finditer(text) if _matches(match.group(), terms)
        ]
        if not positions:
            continue
        best_start, best_count = positions[0], 0
        for index, start in enumerate(positions):
            count = sum(1 for other in positions[index:] if other - start < length * 0.8)
            if count > best_count:
                best_start, best_count = start, count
        begin = max(0, best_start - length // 4)
        if begin:
            space = text.find(" ", begin)
            begin = space + 1 if 0 <= space < best_start else begin
        end = min(len(text), begin + length)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > best_start else end
        body = _marked(text[begin:end], terms)
        prefix = "… " if begin else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(prefix + body + suffix)  # noqa: S308 - escaped in _marked
    for text in texts:
        if text:
            cut = text[:length]
            suffix = " …" if len(text) > length else ""
            return mark_safe(escape(cut) + suffix)  # noqa: S308 - escaped
    return ""

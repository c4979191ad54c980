"""Russian text handling shared by every backend: normalising, stemming, snippets.

SQLite has no Russian stemmer, so the database backend stems words in Python
(Snowball, the same algorithm as PostgreSQL's `russian` configuration) both when
it indexes and when it queries. The letter ё is folded to е everywhere, so
«ёлка» and «елка» are one word. Snippets for the database backend are cut and
highlighted here too, which keeps them identical on SQLite and PostgreSQL.
"""

import functools
import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

import snowballstemmer

# Longest query we look at; the rest of a pasted text is ignored, never an error.
MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 16

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Snowball's Russian stop-word list (the one PostgreSQL and Elasticsearch use),
# already folded ё→е.
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

_stemmer = snowballstemmer.stemmer("russian")


def fold(text):
    """Lower-case and fold ё→е: the normal form of every indexed or queried word."""
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=200_000)
def stem(word):
    """The Snowball stem of one (folded) word; digits and Latin words pass through."""
    return _stemmer.stemWord(word)


# Snowball keeps the fleeting vowel of «стажировок», «доброволец», «подросток» in the
# stem, so those forms miss «стажировка», «добровольцы», «подростки». We index and
# query an extra variant without it: стажировок → стажировк, доброволец → добровольц.
_FLEETING_RE = re.compile(r"^(.{3,}[бвгджзклмнпрстфхцчшщ])[оеё]([кц])$")


@functools.lru_cache(maxsize=200_000)
def variants(term):
    """The stem plus its form without a fleeting vowel, if it has one."""
    match = _FLEETING_RE.match(term)
    if not match:
        return (term,)
    head, last = match.groups()
    if head.endswith("л") and last == "ц":
        head += "ь"
    return (term, head + last)


def expand(terms):
    """Every variant of every term, as a set."""
    return {variant for term in terms for variant in variants(term)}


def extra_variants(text):
    """Only the added fleeting-vowel variants of a text's stems (for PostgreSQL)."""
    return " ".join(
        variant for term in stems(text, keep_stop_words=True) for variant in variants(term)[1:]
    )


def words(text):
    """Folded words of `text`, in order."""
    return WORD_RE.findall(fold(text or ""))


def stems(text, keep_stop_words=False):
    """Stems of the words of `text`, stop words dropped unless asked for."""
    return [stem(word) for word in words(text) if keep_stop_words or word not in STOP_WORDS]


def stemmed_text(text):
    """`text` as a space-separated string of stems (with variants), for an FTS5 column."""
    return " ".join(map(_index_tokens, WORD_RE.findall(fold(text or ""))))


@functools.lru_cache(maxsize=200_000)
def _index_tokens(word):
    """One folded word's indexed tokens: its stem and the stem's variants."""
    return " ".join(variants(stem(word)))


def clean_query(raw):
    """Make any user input a safe query string: no control characters, bounded length."""
    text = "".join(
        " " if unicodedata.category(char)[0] in {"C", "Z"} else char for char in str(raw or "")
    )
    text = " ".join(text.split())
    return text[:MAX_QUERY_CHARS].strip()


def query_terms(query):
    """The distinct stems a query searches for, in order, stop words removed.

    A query made only of stop words («и», «в») keeps them, so it still finds
    something instead of nothing.
    """
    terms = stems(query) or stems(query, keep_stop_words=True)
    unique = list(dict.fromkeys(term for term in terms if term))
    return unique[:MAX_QUERY_TERMS]


def query_words(query):
    """The distinct folded words of a query (for analysers that stem by themselves)."""
    found = [word for word in words(query) if word not in STOP_WORDS] or words(query)
    return list(dict.fromkeys(found))[:MAX_QUERY_TERMS]


def html_to_text(html):
    """Plain text of an HTML fragment, whitespace collapsed."""
    return " ".join(strip_tags(str(html or "")).split())


def _matches(word, terms):
    return any(variant in terms for variant in variants(stem(fold(word))))


def _marked(text, terms):
    """Escape `text` and wrap every word whose stem is in `terms` in <mark>."""
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
    return mark_safe(_marked(text or "", expand(terms)))  # noqa: S308 - escaped in _marked


def snippet(texts, terms, length=220):
    """A window of about `length` characters around the densest match, marked.

    `texts` are tried in order (summary, then body); the first with a match wins.
    Without any match the start of the first non-empty text is shown.
    """
    terms = expand(terms)
    for text in texts:
        if not text:
            continue
        positions = [
            match.start() for match in WORD_RE.finditer(text) if stem(fold(match.group())) in terms
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

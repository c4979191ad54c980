"""The index's own vocabulary: the words of what anonymous visitors may read.

It is what «Возможно, вы искали …» is chosen from (search.suggest): a word a
visitor mistyped is compared with words the portal really contains. Only public
pages and posts of forums open to anonymous visitors count, so a suggestion
never reveals a word written in a private forum. A rebuild recounts it (in the
database index's transaction); a document indexed on its own adds its new words.
"""

import collections

from .text import CYRILLIC_RE

MIN_LENGTH = 3
MAX_LENGTH = 40


def _public_forums():
    from .permissions import readable_forum_ids

    return set(readable_forum_ids(None))


def _is_public(doc, public_forums):
    if doc.forum_id is None:
        return doc.public
    return doc.approved and doc.forum_id in public_forums


def _words(doc):
    distinct = set().union(*doc.words)
    return {
        word
        for word in distinct
        if MIN_LENGTH <= len(word) <= MAX_LENGTH and CYRILLIC_RE.search(word) and word.isalpha()
    }


class Counter:
    """Counts the documents each word is in, batch by batch, during a rebuild."""

    def __init__(self):
        self.counts = collections.Counter()
        self.public_forums = None

    def count(self, docs):
        if self.public_forums is None:
            self.public_forums = _public_forums()
        for doc in docs:
            if _is_public(doc, self.public_forums):
                self.counts.update(_words(doc))

    def save(self):
        from django.db import connection

        from .models import SearchWord

        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SearchWord._meta.db_table}")  # noqa: S608 - constant
        SearchWord.objects.bulk_create(
            (SearchWord(word=word, documents=count) for word, count in self.counts.items()),
            batch_size=2000,
        )


def add(docs):
    """Words of documents indexed one by one that the vocabulary does not have yet."""
    from .models import SearchWord

    public_forums = None
    new = set()
    for doc in docs:
        if doc.forum_id is not None and public_forums is None:
            public_forums = _public_forums()
        if _is_public(doc, public_forums or set()):
            new |= _words(doc)
    if new:
        SearchWord.objects.bulk_create(
            (SearchWord(word=word, documents=1) for word in sorted(new)),
            ignore_conflicts=True,
            batch_size=2000,
        )


def load(limit=50_000):
    """{word: documents} of the most frequent words, for suggestions."""
    from .models import SearchWord

    rows = SearchWord.objects.order_by("-documents", "word").values_list("word", "documents")
    return dict(rows[:limit])

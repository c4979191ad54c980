"""What every backend's search does around its own query: the fallback from all
words to most words, and marking the hits.

A backend implements `run(request)`: the hits (plain titles, their summary and
body in `texts`), total and facet counts of one request, all slots required or,
with `request.partial`, at least one, ranked by how many are met. `search()`
asks for all words first; when a query of several words finds fewer than
`FEW_RESULTS` documents that way, it asks again for most words, and the page
says so. Matched words are marked here in Python from the query's lemmas, and a
partial hit lists the words it lacks, the same on every backend.
"""

import dataclasses

from ..results import FEW_RESULTS, SearchResults
from ..text import highlight, lemma_text, snippet


class BaseBackend:
    name = ""

    def run(self, request):
        raise NotImplementedError

    def search(self, request):
        if not request.slots:
            return SearchResults(
                query=request.query,
                page=request.page,
                per_page=request.per_page,
                sort=request.sort,
                filters=request.filters,
                backend=self.name,
            )
        results = self.run(request)
        if len(request.slots) > 1 and results.total < FEW_RESULTS and not results.capped:
            wider = self.run(dataclasses.replace(request, partial=True))
            if wider.total > results.total:
                results = wider
                results.partial = True
        for hit in results.hits:
            self._mark(hit, request, results.partial)
        return results

    @staticmethod
    def _mark(hit, request, partial):
        """Mark the hit's title and snippet; in a partial search, list the words it lacks."""
        summary, body = hit.texts or ("", "")
        hit.snippet = snippet([summary, body], request.terms)
        if partial:
            present = set(lemma_text(f"{hit.title} {summary} {body}").split())
            hit.missing = [slot.text for slot in request.slots if not slot.found_in(present)]
        hit.title = highlight(hit.title, request.terms)
        hit.texts = ()

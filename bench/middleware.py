"""Benchmark-only middleware: how many SQL queries and writes a request made.

Outermost in the bench settings, so it sees everything the request causes,
page cache and session saving included, and reports it in two response headers
(`X-Bench-Queries`, `X-Bench-Writes`) that `bench/portal.py` reads.
"""

from django.db import connections

WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tally = {"queries": 0, "writes": 0}

        def count(execute, sql, params, many, context):
            tally["queries"] += 1
            if sql.lstrip().upper().startswith(WRITE_PREFIXES):
                tally["writes"] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(count) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Bench-Queries"] = str(tally["queries"])
        response["X-Bench-Writes"] = str(tally["writes"])
        return response

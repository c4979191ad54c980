"""Writes that send no signal must say so: app code that calls `update()`,
`bulk_create()` or `bulk_update()` does it inside `home.page_cache.bulk_changes()`,
which retires what pages show as a save would (issue 18). Otherwise a page
would keep showing the old rows until the cache expires.

The scan reads every module of the project's apps (not migrations, tests or
the bench). The few writes that change nothing a page shows are listed below,
each with its reason; writes to models of page_cache.NEVER_RETIRE need no
helper either.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from home.page_cache import NEVER_RETIRE

BULK = {"bulk_create", "bulk_update"}
QUERYSET_METHODS = {
    "all",
    "annotate",
    "defer",
    "distinct",
    "exclude",
    "filter",
    "none",
    "only",
    "order_by",
    "select_for_update",
    "select_related",
    "using",
}
DICT_NAMES = {"context", "kwargs", "defaults", "data", "extra", "fields", "options", "params"}
# (module, a keyword the write sets): why it needs no bump.
NOT_SHOWN = {
    ("forum/view_counts.py", "views_count"): "a view counter, flushed from the shared cache",
    ("events/services.py", "reminder_sent_at"): "bookkeeping of reminders sent",
    ("forum/services.py", "recipients"): "bookkeeping of notification letters sent",
    ("results/surveys.py", "invitations_sent_at"): "bookkeeping of survey invitations sent",
}


def project_modules():
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        path = Path(config.path)
        if base not in path.parents or "site-packages" in str(path):
            continue
        for module in sorted(path.rglob("*.py")):
            if "migrations" in module.parts:
                continue
            yield module.relative_to(base).as_posix(), module


def _root_name(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_queryset(node):
    if isinstance(node, ast.Attribute) and node.attr == "objects":
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERYSET_METHODS
    )


def _is_bulk_write(call):
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in BULK:
        return True
    if func.attr != "update":
        return False
    if _is_queryset(func.value):
        return True
    # QuerySet.update() takes keywords only; dict.update() rarely does, but on
    # the usual names of dictionaries.
    receiver = func.value.id if isinstance(func.value, ast.Name) else None
    return not call.args and bool(call.keywords) and receiver not in DICT_NAMES


def _inside_helper(parents):
    for node in parents:
        if isinstance(node, ast.With):
            for item in node.items:
                expr = item.context_expr
                if isinstance(expr, ast.Call):
                    name = getattr(expr.func, "id", None) or getattr(expr.func, "attr", None)
                    if name == "bulk_changes":
                        return True
    return False


def bulk_writes_without_helper(source, name, not_shown_models=frozenset()):
    """(line, text) of each bulk write in `source` outside bulk_changes()."""
    tree = ast.parse(source)
    found = []

    def visit(node, parents):
        if isinstance(node, ast.Call) and _is_bulk_write(node):
            keywords = {keyword.arg for keyword in node.keywords}
            exempt = any((name, keyword) in NOT_SHOWN for keyword in keywords)
            if (
                not exempt
                and _root_name(node.func.value) not in not_shown_models
                and not _inside_helper(parents)
            ):
                found.append((node.lineno, ast.unparse(node)[:100]))
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node])

    visit(tree, [])
    return found


def not_shown_model_names():
    names = set()
    for label in NEVER_RETIRE:
        try:
            names.add(apps.get_model(label).__name__)
        except LookupError:
            continue
    return frozenset(names)


def test_app_code_writes_in_bulk_only_through_the_helper():
    models = not_shown_model_names()
    offenders = []
    for name, path in project_modules():
        for line, text in bulk_writes_without_helper(path.read_text(), name, models):
            offenders.append(f"{name}:{line}: {text}")
    assert not offenders, (
        "Bulk writes send no signal: wrap them in home.page_cache.bulk_changes() "
        "(or list why a page never shows them):\n" + "\n".join(offenders)
    )


def test_the_scan_finds_a_bare_bulk_write_and_accepts_a_wrapped_one():
    bare = (
        "def grant(rows):\n"
        "    Permission.objects.bulk_create(rows)\n"
        "    Topic.objects.filter(pk=1).update(closed=True)\n"
        "    values = {}\n"
        "    values.update({'a': 1})\n"
        "    context.update(page=1)\n"
        "    registrations.update(status='cancelled')\n"
    )
    assert [line for line, _text in bulk_writes_without_helper(bare, "x.py")] == [2, 3, 7]
    wrapped = (
        "def grant(rows):\n"
        "    with bulk_changes(FORUM):\n"
        "        Permission.objects.bulk_create(rows)\n"
        "        Topic.objects.filter(pk=1).update(closed=True)\n"
    )
    assert bulk_writes_without_helper(wrapped, "x.py") == []
    not_shown = frozenset({"Permission", "Topic"})
    assert [line for line, _ in bulk_writes_without_helper(bare, "x.py", not_shown)] == [7]

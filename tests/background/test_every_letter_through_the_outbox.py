"""Every letter goes through the outbox: no code of ours sends mail itself.

A letter sent directly from a request would bring back the 500 when the mail
server is down and be lost; this keeps a new letter from forgetting the outbox.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "var", "tests", "node_modules", "static", "bench", "background"}
SENDING = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "get_connection"}


def _our_python_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP:
            yield path


def test_no_module_outside_the_outbox_sends_mail_itself():
    offenders = []
    for path in _our_python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
                names = {alias.name for alias in node.names} & SENDING
                if names:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {names}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"send", "send_messages"}
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in {"message", "msg", "email", "letter", "connection"}
            ):
                offenders.append(
                    f"{path.relative_to(ROOT)}:{node.lineno} calls .{node.func.attr}()"
                )
    assert offenders == [], "send through background.mail.queue(): " + "; ".join(offenders)

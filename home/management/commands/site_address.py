"""Point the default Site at the address the portal is served on.

Links in letters and share links are built from the Site a request came
through; `make run` calls this with its HOST and PORT so they open.
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default Site's host name and port from a URL, e.g. http://127.0.0.1:8101"

    def add_arguments(self, parser):
        parser.add_argument("url")

    def handle(self, url, **options):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"Not an http(s) URL: {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default Site: run `manage.py migrate` and `seed_demo` first.")
        if (site.hostname, site.port) != (parts.hostname, port):
            site.hostname, site.port = parts.hostname, port
            site.save()
        self.stdout.write(f"Site: {site.root_url}")

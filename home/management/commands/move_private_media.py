"""Move forum attachments and documents stored before issue 17 out of MEDIA_ROOT.

They used to lie in MEDIA_ROOT under their uploaders' names, which the proxy serves
to anyone. This moves each file to PRIVATE_MEDIA_ROOT under a random folder and
updates its row; safe to run again (files already private are left alone).
"""

import os
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.documents import get_document_model

from machina.apps.forum_conversation.forum_attachments.models import Attachment

from home.page_cache import bulk_changes
from home.private_files import PortalMediaStorage


class Command(BaseCommand):
    help = "Переносит вложения форума и документы из MEDIA_ROOT в PRIVATE_MEDIA_ROOT."

    def handle(self, *args, **options):
        storage = PortalMediaStorage()
        moved = 0
        for model in (Attachment, get_document_model()):
            for obj in model.objects.exclude(file=""):
                old = os.path.join(settings.MEDIA_ROOT, obj.file.name)
                if not os.path.isfile(old):
                    continue
                name = storage.generate_filename(obj.file.name)
                new = storage.path(name)
                os.makedirs(os.path.dirname(new), exist_ok=True)
                with transaction.atomic():
                    with bulk_changes():
                        model.objects.filter(pk=obj.pk).update(file=name)
                    shutil.move(old, new)
                moved += 1
        self.stdout.write(f"Перенесено файлов: {moved}")

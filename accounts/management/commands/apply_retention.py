"""Apply the retention periods of personal data (accounts/retention.py); run daily
by the worker (SCHEDULED_JOBS «retention»), safe to run by hand at any time."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import retention


class Command(BaseCommand):
    help = "Обезличивает и удаляет персональные данные, срок хранения которых истёк."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только посчитать, ничего не меняя.",
        )

    def handle(self, *args, dry_run=False, **options):
        done = retention.apply(dry_run=dry_run)
        lines = [
            ngettext(
                "Регистрации гостей на прошедшие события обезличены: %(count)s.",
                "Регистрации гостей на прошедшие события обезличены: %(count)s.",
                done["registrations"],
            )
            % {"count": done["registrations"]},
            ngettext(
                "Текст удалён из %(count)s отправленного письма.",
                "Текст удалён из %(count)s отправленных писем.",
                done["letters"],
            )
            % {"count": done["letters"]},
            ngettext(
                "Удалена %(count)s запись о входе.",
                "Удалено %(count)s записей о входе.",
                done["logins"],
            )
            % {"count": done["logins"]},
        ]
        if dry_run:
            lines.insert(0, _("Пробный запуск: ничего не изменено. Было бы сделано:"))
        self.stdout.write("\n".join(lines))

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.models import Region
from home.regions import ensure_home_page, setup_region


class Command(BaseCommand):
    help = _(
        "Создаёт или восстанавливает для каждого региона страницу-раздел, коллекцию, "
        "группы редакторов и модераторов, права и процесс согласования. "
        "Можно запускать повторно."
    )

    def handle(self, *args, **options):
        home = ensure_home_page()
        regions = list(Region.objects.all())
        if not regions:
            self.stdout.write(_("Регионов нет: добавьте их в разделе «Регионы» админки."))
            return
        for region in regions:
            hub = setup_region(region, home)
            self.stdout.write(
                _("Регион «%(name)s»: раздел %(url)s, группы и права в порядке.")
                % {"name": region.name, "url": hub.get_url() or hub.url_path}
            )
        self.stdout.write(self.style.SUCCESS(_("Готово: регионов — %d.") % len(regions)))

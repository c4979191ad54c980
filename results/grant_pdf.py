"""The grant report as a printable PDF (A4, Russian): a year's figures of every
indicator by region and for the whole programme, against the baseline period
and the year's targets, with the participating organisations, the resource
centres and the answer time of the consultations. Drawn locally with fpdf2
and the certificates' Cyrillic font; the same figures as the XLSX."""

from django.utils import dateformat, timezone

from home.models import Region
from organisations.models import Organisation, OrganisationType

from .indicators import (
    GROUPS,
    INDICATORS,
    all_figures,
    consultation_topics,
    first_answer_hours,
)
from .models import IndicatorTarget, ReportingPeriod

FONT = "DejaVu"
HEADING_FILL = (225, 238, 244)


def _number(value):
    if value is None:
        return "—"
    return f"{value:,}".replace(",", "\u00a0")


def report_data(periods):
    """What the report shows, as plain rows (the tests read the same figures)."""
    regions = list(Region.objects.regional().order_by("sort_order", "name"))
    year = periods[0].start.year
    baseline = ReportingPeriod.objects.filter(is_baseline=True).order_by("start").first()
    scopes = [(region, region.name) for region in regions] + [(None, "Вся программа")]
    figures = {region: all_figures(periods, region) for region, _name in scopes}
    base = {
        region: all_figures([baseline], region) if baseline else None for region, _name in scopes
    }
    targets = {
        (t.indicator, t.region_id): t.value for t in IndicatorTarget.objects.filter(year=year)
    }
    groups = []
    for group, label in GROUPS.items():
        tables = []
        for indicator in (i for i in INDICATORS if i.group == group):
            rows = []
            for region, name in scopes:
                values = [figures[region][indicator.code][p.pk] for p in periods]
                base_value = base[region][indicator.code][baseline.pk] if baseline else None
                target = targets.get((indicator.code, region.pk if region else None))
                rows.append((name, values, sum(values), base_value, target))
            tables.append((indicator, rows))
        groups.append((str(label), tables))
    organisations = Organisation.objects.published()
    since, until = periods[0].start, periods[-1].end
    topics = consultation_topics().filter(created__date__gte=since, created__date__lte=until)
    summary = [
        (
            name,
            organisations.filter(region=region, is_participant=True).count(),
            organisations.filter(region=region, org_type=OrganisationType.RESOURCE).count(),
        )
        for region, name in scopes[:-1]
    ]
    return {
        "year": year,
        "periods": periods,
        "baseline": baseline,
        "groups": groups,
        "organisations": summary,
        "answer_hours": first_answer_hours(topics),
    }


def grant_report_pdf(periods):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    from courses.certificates import _font_path

    # The font has no bold face registered: headings are shaded instead.
    headings = FontFace(emphasis="", fill_color=HEADING_FILL)

    data = report_data(periods)
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_title(f"Отчёт о результатах программы за {data['year']} год")
    pdf.set_creator("Портал добровольчества в социальной сфере")
    pdf.add_font(FONT, "", str(_font_path()))
    pdf.set_margins(12, 14, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    pdf.set_font(FONT, size=15)
    pdf.multi_cell(
        0,
        8,
        f"Отчёт о результатах программы за {data['year']} год",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FONT, size=9)
    made = dateformat.format(timezone.localtime(), "j E Y")
    baseline = data["baseline"]
    lines = [
        "Программа добровольческих социальных услуг детям и людям старшего поколения: "
        "Республика Крым, Республика Карелия, Калининградская область, Санкт-Петербург.",
        f"Отчётные периоды: {', '.join(p.label for p in periods)}. "
        + (f"Базовый период: {baseline.label}. " if baseline else "")
        + f"Сформирован {made} г.",
        "Показатели организаций — по принятым модератором отчётам; остальные — по данным "
        "портала (сертификаты, отметки о присутствии, публикации, консультации, "
        "предложения, скачивания, просмотры).",
    ]
    for line in lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=11)
    pdf.cell(0, 7, "Организации программы", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    with pdf.table(
        col_widths=(90, 48, 48),
        text_align=("LEFT", "RIGHT", "RIGHT"),
        line_height=5,
        headings_style=headings,
    ) as table:
        table.row(["Регион", "Организаций — участников", "Ресурсных центров"])
        for name, participants, resource in data["organisations"]:
            table.row([name, _number(participants), _number(resource)])
    hours = data["answer_hours"]
    pdf.ln(2)
    pdf.multi_cell(
        0,
        5,
        "Медиана времени до первого ответа эксперта на консультации: "
        + (f"{hours} ч." if hours is not None else "ответов не было."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    header = ["Регион"] + [p.label for p in periods] + ["За год", "Базовый", "План"]
    numeric = len(header) - 1
    # 186 mm across: the figures' columns narrow (down to 9 mm) when monthly
    # periods make many of them, the region's column keeps at least 40 mm.
    column = min(15, (186 - 40) / numeric)
    widths = (186 - column * numeric, *([column] * numeric))
    for label, tables in data["groups"]:
        pdf.ln(3)
        pdf.set_font(FONT, size=12)
        pdf.cell(0, 8, label, new_x="LMARGIN", new_y="NEXT")
        for indicator, rows in tables:
            pdf.set_font(FONT, size=10)
            pdf.multi_cell(
                0, 6, f"{indicator.label}, {indicator.unit}", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.set_font(FONT, size=8)
            with pdf.table(
                col_widths=widths,
                text_align=("LEFT", *(["RIGHT"] * numeric)),
                line_height=4.5,
                headings_style=headings,
            ) as table:
                table.row(header)
                for name, values, total, base_value, target in rows:
                    table.row(
                        [name, *(_number(v) for v in values), _number(total)]
                        + [_number(base_value), _number(target)]
                    )
            pdf.ln(1)
    return bytes(pdf.output())

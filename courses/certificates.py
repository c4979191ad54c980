"""The certificate as an A4 landscape PDF, made locally with fpdf2 and a
Cyrillic TrueType font (the same font setting as the practices' PDFs)."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import dateformat, timezone

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

logging.getLogger("fontTools").setLevel(logging.WARNING)


def _font_path():
    path = Path(getattr(settings, "PRACTICES_PDF_FONT", "") or DEFAULT_FONT)
    if not path.is_file():
        raise ImproperlyConfigured(
            f"Шрифт для PDF не найден: {path}. Установите fonts-dejavu-core или укажите "
            f"TTF-шрифт с кириллицей в PRACTICES_PDF_FONT."
        )
    return path


def certificate_pdf(certificate, verify_url):
    return draw_certificate(
        heading="СЕРТИФИКАТ",
        full_name=certificate.full_name,
        statement="успешно завершил(а) дистанционный курс",
        title=certificate.course_title,
        code=certificate.code,
        issued_at=certificate.issued_at,
        verify_url=verify_url,
    )


def draw_certificate(*, heading, full_name, statement, title, code, issued_at, verify_url):
    """One A4 landscape certificate: the courses' and the events' attendance
    certificates differ only in the heading and the statement under the name."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(f"Сертификат {code}")
    pdf.set_creator("Портал добровольчества в социальной сфере")
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(28, 110, 140)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(32)
    pdf.set_font("DejaVu", size=30)
    pdf.cell(0, 14, heading, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=13)
    pdf.cell(0, 8, "Настоящим подтверждается, что", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", size=24)
    pdf.multi_cell(0, 12, full_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=13)
    pdf.cell(0, 8, statement, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", size=17)
    pdf.multi_cell(0, 9, f"«{title}»", align="C", new_x="LMARGIN", new_y="NEXT")
    issued = dateformat.format(timezone.localtime(issued_at), "j E Y")
    pdf.set_font("DejaVu", size=11)
    pdf.set_y(160)
    pdf.cell(0, 6, f"Дата выдачи: {issued} г.", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Номер сертификата: {code}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Проверить подлинность: {verify_url}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0,
        6,
        "Программа добровольческих социальных услуг детям и людям старшего поколения",
        align="C",
    )
    return bytes(pdf.output())

from django import template
from django.conf import settings

from ..forms import AnswerForm, FinalWorkForm

register = template.Library()


@register.simple_tag
def final_form_for(form):
    """The bound form after a failed POST, or an empty one."""
    return form or FinalWorkForm()


@register.simple_tag
def answer_form_for(form, module):
    return form or AnswerForm(mode=module.answer_mode)


@register.simple_tag
def upload_limits():
    return {
        "files": settings.COURSES_UPLOAD_MAX_FILES,
        "mb": f"{settings.COURSES_UPLOAD_MAX_SIZE / (1024 * 1024):g}",
    }

"""Which language a letter to a visitor goes out in.

Pages follow LocaleMiddleware: the language chosen with the footer's switch (a
cookie), else the browser's Accept-Language, else Russian. A letter cannot be
switched after it is sent, and many Russian readers browse with an English-first
browser, so letters follow only an explicit choice made with the switch and are
otherwise in the portal's language (LANGUAGE_CODE, Russian). Letters built outside
the recipient's own request (an organiser's action, a cron job, another member's
post) use the language stored with the recipient, or the portal's language.
"""

from django.conf import settings


def chosen_language(request):
    """The language the visitor picked with the switch, or "" if they never did."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else ""


def letter_language(request=None, stored=""):
    """The language for a letter: the stored or chosen one, else the portal's."""
    for code in (stored, chosen_language(request) if request is not None else ""):
        if code in dict(settings.LANGUAGES):
            return code
    return settings.LANGUAGE_CODE

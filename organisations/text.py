"""Latin addresses for organisations named in Cyrillic."""

from django.utils.text import slugify

_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch ' y ' e yu ya".split(),
        strict=True,
    )
)


def latin_slug(text, max_length=70):
    """«АНО „Рука помощи“» → "ano-ruka-pomoshchi"."""
    spelled = "".join(_LATIN.get(char, char) for char in text.lower())
    return slugify(spelled)[:max_length].strip("-")

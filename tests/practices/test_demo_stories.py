"""Each demo practice tells its own story: its own resources, volunteers, lessons
and quote, and numbers with the right Russian word form."""

import io
import re
from types import SimpleNamespace

from practices.demo import seed
from practices.models import SuccessStoryPage


def seed_practices():
    seed(SimpleNamespace(stdout=io.StringIO()))  # what seed_demo calls for the library


def test_no_two_demo_practices_share_a_paragraph_or_a_quote(db, regions, interregional):
    seed_practices()
    practices = list(SuccessStoryPage.objects.all())
    assert len(practices) == 24
    for section in ("resources", "volunteers", "lessons"):
        texts = {str(getattr(page, section)) for page in practices}
        assert len(texts) == 24, section
    quotes = {
        block.value["text"]
        for page in practices
        for block in page.results
        if block.block_type == "quote"
    }
    assert len(quotes) == 24
    assert "Теперь я знаю, что обо мне помнят." not in quotes
    silver = next(page for page in practices if "пенсионеры помогают" in page.title)
    assert "добровол" in next(b.value["author"] for b in silver.results if b.block_type == "quote")


def test_hours_are_written_with_the_right_word_form(db, regions, interregional):
    seed_practices()
    for page in SuccessStoryPage.objects.all():
        text = str(page.results)
        hours = int(re.search(r"оказано (\d+) час", text).group(1))
        word = re.search(r"оказано \d+ (час\w*)", text).group(1)
        expected = (
            "час"
            if hours % 10 == 1 and hours % 100 != 11
            else "часа"
            if 2 <= hours % 10 <= 4 and not 12 <= hours % 100 <= 14
            else "часов"
        )
        assert word == expected, (hours, word)

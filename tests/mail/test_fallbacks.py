"""mail.fallbacks: an e-mail's French passages, marked in its HTML part and invisible in its
text part; everything else laid out as before."""

import html5lib
from django.template.defaultfilters import linebreaks_filter, urlize

from mail.fallbacks import END, START, as_html, plain


def french_passages(html: str) -> list[str]:
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return ["".join(element.itertext()) for element in fragment.iter() if element.get("lang") == "fr"]


def test_a_text_without_fallbacks_is_laid_out_as_django_does():
    text = "Hello <Camille>,\n\nYour badge: https://example.org/badge.pdf\nSee you.\n\n\nBye\n"
    assert as_html(text) == linebreaks_filter(urlize(text, autoescape=True))


def test_a_french_passage_is_marked_and_its_link_still_works():
    text = f"The workshop “{START}Réparer <vite>{END}” is booked.\n\n{START}Le plan : https://example.org/plan{END}\n"
    html = as_html(text)
    assert french_passages(html) == ["Réparer <vite>", "Le plan : https://example.org/plan"]
    links = html5lib.parseFragment(html, namespaceHTMLElements=False).findall(".//a")
    assert [link.get("href") for link in links] == ["https://example.org/plan"]
    assert plain(text) == "The workshop “Réparer <vite>” is booked.\n\nLe plan : https://example.org/plan\n"


def test_a_french_passage_over_several_paragraphs_is_marked_in_each():
    html = as_html(f"Hello,\n\n{START}Bonjour,\nle plan.\n\nÀ bientôt{END}\n\nBye")
    # Valid nesting: one span per line, inside its paragraph.
    assert html.count("<p>") == 4
    assert french_passages(html) == ["Bonjour,", "le plan.", "À bientôt"]

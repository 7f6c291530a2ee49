"""Every page a person can reach, in both languages, and the HTML of every kind of e-mail,
pass the Nu HTML Checker (the W3C's validator) without a single error.

The pages are collected with the test client, as each kind of person reaches them (anonymous
visitor, attendee, speaker, check-in staff), written to files, and checked in one run of the
checker: starting its JVM is most of its cost. The scenarios are in public_pages.py,
personal_pages.py and html_emails.py, the checker in checker.py, the `java` and `programme`
fixtures in conftest.py."""

import pytest

from tests.html_validity.checker import CHECKER_FALSE_POSITIVES, run_checker
from tests.html_validity.documents import LANGUAGES, Documents
from tests.html_validity.feedback_pages import visit_feedback_pages
from tests.html_validity.html_emails import HTML_EMAIL_KINDS, collect_emails
from tests.html_validity.journey_pages import visit_journey_pages
from tests.html_validity.personal_pages import visit_attendee_pages, visit_check_in_desk, visit_speaker_pages
from tests.html_validity.public_pages import (
    late_states,
    render_pages_without_views,
    visit_account_pages,
    visit_public_pages,
)
from tests.html_validity.second_factor_pages import visit_second_factor_pages
from tests.html_validity.statement_pages import visit_statement_pages
from tests.html_validity.walk_in_pages import visit_walk_in_pages

# Markup does not depend on the database: checked once, in the SQLite pass (see dev.sh).
pytestmark = [pytest.mark.django_db, pytest.mark.markup]

# Well below the number of documents collected (about 280), so that a scenario silently
# dropping out shows, but not so tight that adding a page breaks it.
MIN_DOCUMENTS = 250


def test_every_page_and_email_is_valid_html(java, programme, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    docs = Documents(folder)

    for lang in LANGUAGES:
        visit_public_pages(docs, lang, programme)
        visit_account_pages(docs, lang)
        visit_attendee_pages(docs, lang, programme)
        visit_speaker_pages(docs, lang, programme)
        visit_check_in_desk(docs, lang, programme)
        visit_walk_in_pages(docs, lang, programme)
        visit_feedback_pages(docs, lang, programme)
        visit_second_factor_pages(docs, lang)
        visit_journey_pages(docs, lang, programme)
        visit_statement_pages(docs, lang, programme)
    kinds = collect_emails(docs, programme)
    assert kinds >= HTML_EMAIL_KINDS
    render_pages_without_views(docs)
    late_states(docs, programme)

    # A canary with a known error: proves the checker read the files and reports errors.
    canary = docs.add("canary", "<!doctype html><html lang=en><title>Canary</title><p><div></div></p>")
    files = sorted(folder.glob("*.html"))
    assert len(files) == len(docs.sources) > MIN_DOCUMENTS
    messages = run_checker(java, files)

    def file_of(message) -> str:
        return message.get("url", "").rsplit("/", 1)[-1]

    assert any(file_of(m) == canary.name and m["type"] == "error" for m in messages), "the checker reported nothing"
    problems = [
        m
        for m in messages
        if file_of(m) != canary.name
        and m["type"] in {"error", "non-document-error"}
        and m.get("message") not in CHECKER_FALSE_POSITIVES
    ]
    report = "\n".join(
        f"{docs.sources.get(file_of(m), m.get('url'))} (line {m.get('lastLine', '?')}): {m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in problems
    )
    checked = len(files) - 1
    print(f"The Nu HTML Checker validated {checked} documents.")
    assert not problems, f"{len(problems)} HTML errors in {checked} documents checked:\n{report}"

import html5lib


def assert_valid_accessible_html(response, lang):
    """The page parses as HTML5 without error, declares its language, has a skip link to
    the main landmark, the landmarks, and exactly one h1."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(response.content.decode())
    assert document.get("lang") == lang
    assert document.find(".//a[@class='skip-link']").get("href") == "#main"
    assert document.find(".//main").get("id") == "main"
    assert document.find(".//header") is not None
    assert document.find(".//nav") is not None
    assert document.find(".//footer") is not None
    assert len(document.findall(".//h1")) == 1
    # Scripts only as files of our own (the strict CSP refuses inline ones anyway).
    assert all((script.get("src") or "").startswith("/static/") for script in document.findall(".//script"))
    return document

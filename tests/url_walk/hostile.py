"""What the walk sends, and how it finds where to send it: the hostile values, the
parameters a page offers (its fields and links), and the keys a view looks up in
`request.GET` / `request.POST` (the QueryDict is watched)."""

import contextlib
from html.parser import HTMLParser
from urllib.parse import parse_qsl

from django.http import QueryDict

HOSTILE_VALUES = {
    "letters": "abc",
    "unicode digits": "١٢٣",
    "superscript digits": "²³",
    "5,000 digits": "9" * 5000,
    "negative": "-1",
    "NUL byte": "a\x00b",
    "very long": "é" * 20_000,
    "repeated key": ["1", "abc"],
    "unknown choice": "zzz-not-a-choice",
    "empty": "",
    "float": "1.5e308",
}
# One parameter at a time, the others valid: a value the view rejects early must not hide
# what a later parameter does.
ONE_AT_A_TIME = ["letters", "5,000 digits", "NUL byte", "repeated key", "unknown choice"]
HOSTILE_PATH_VALUES = ["abc", "9" * 5000, "-1", "a\x00b", "é" * 300]
# Names a hand-written view might read, tried everywhere even when the page names none.
COMMON_NAMES = ["q", "page", "p", "o", "next", "token", "id", "pk", "registration", "session", "shift", "kind"]


class FieldFinder(HTMLParser):
    """The parameters a page offers: its form fields (with a valid value where it shows
    one) and the query keys of its links."""

    def __init__(self):
        super().__init__()
        self.get_names: set[str] = set()
        self.post_fields: dict[str, str] = {}
        self.form_method = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form_method = (attrs.get("method") or "get").lower()
        elif tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.get_names.update(key for key, _ in parse_qsl(attrs["href"][1:], keep_blank_values=True))
        elif tag in ("input", "select", "textarea") and attrs.get("name"):
            name = attrs["name"]
            if self.form_method == "post":
                if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                    self.post_fields.setdefault(name, "")
                elif attrs.get("type") != "file":
                    self.post_fields[name] = attrs.get("value") or ""
            else:
                self.get_names.add(name)
            self.select = name if tag == "select" else None
        elif tag == "option" and self.select and attrs.get("value") and self.form_method == "post":
            self.post_fields[self.select] = self.post_fields.get(self.select) or attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form_method = None
        elif tag == "select":
            self.select = None


@contextlib.contextmanager
def watching_querydicts():
    """Record every key looked up in any QueryDict (request.GET, request.POST)."""
    seen: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("__getitem__", "get", "getlist", "__contains__")}

    def watch(name):
        original = originals[name]

        def watched(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return watched

    for name in originals:
        setattr(QueryDict, name, watch(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)

"""E-mail headers parsed once per process where every message repeats them.

The standard library's header factory makes a new class each time it is asked for a header
(`HeaderRegistry.__getitem__` calls `type()`), several times a header, and parses every value
anew: a confirmation's 29 headers were a fifth of a worker's time per e-mail. Most of them are
the same in every message (MIME-Version, each part's Content-Type and Content-Transfer-Encoding,
the From, a group's subject). A header is an immutable string with its parse: the same one
may stand in any number of messages."""

import functools
from email.headerregistry import HeaderRegistry
from email.policy import Policy

# Enough for the headers every message repeats, which stay in it however many personal ones
# (To, Date, Message-ID, boundaries) pass through.
RECENT_HEADERS = 512


class HeadersParsedOnce(HeaderRegistry):
    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}
        self._made = functools.lru_cache(maxsize=RECENT_HEADERS)(super().__call__)

    def __getitem__(self, name: str) -> type:
        if name not in self._classes:
            self._classes[name] = super().__getitem__(name)
        return self._classes[name]

    def __call__(self, name: str, value):
        if type(value) is not str:  # a header object or anything else: as the standard library does
            return super().__call__(name, value)
        return self._made(name, value)


@functools.cache
def parsing_headers_once(policy: Policy) -> Policy:
    """`policy` with the header factory above (one per policy: policies are immutable)."""
    return policy.clone(header_factory=HeadersParsedOnce())

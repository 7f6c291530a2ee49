class DomainError(Exception):
    """A request the rules refuse: a message in the person's language, and a code for the
    pages and tests to tell the cases apart."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

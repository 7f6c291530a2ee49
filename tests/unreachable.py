"""A cache that cannot be reached, as Redis when it is down: every call fails."""


class UnreachableCache:
    def __getattr__(self, name):
        def fails(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fails

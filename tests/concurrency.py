"""Real concurrency for the tests that need it: many threads, each with its own database
connection, released together."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connection


def run_concurrently(function, arguments, *, threads: int) -> list[BaseException]:
    """Call `function` once per argument from `threads` threads released together; return
    the exceptions raised (none expected)."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(chunk):
        try:
            start.wait()
            for argument in chunk:
                try:
                    function(argument)
                except BaseException as error:
                    errors.append(error)
        finally:
            connection.close()

    chunks = [arguments[index::threads] for index in range(threads)]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, chunks))
    close_old_connections()
    return errors

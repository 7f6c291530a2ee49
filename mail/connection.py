"""One connection to the mail server per worker process, kept open from one message to the next.

Opening a connection (TCP, EHLO, and in production STARTTLS and a login) and closing it
(QUIT) cost more than sending a small message, so a Celery worker process opens one at its
first message and sends every following message on it. Elsewhere (an eager task in
development, the shell, the tests) each message opens and closes its own, as Django does.

A kept connection is given up, and a new one opened, when the mail server has dropped it
(servers close idle clients; they restart), after it has been idle for `IDLE_SECONDS`,
after an error that leaves it in doubt, when the settings change, and in a forked child
(the socket is its parent's). A message that finds the kept connection dropped is sent
again at once on a new one; only a failure on a fresh connection is the message's.

The outbox's rule is untouched: `send` is called with the e-mail's row locked and it is
marked sent after. A connection lost after the message's data went out but before the
server's answer leaves the same doubt as before this module (SMTP cannot tell whether the
server kept it); it is resent either way, now at once rather than at the next attempt.
"""

import copy
import logging
import os
import smtplib
import threading
import time
from dataclasses import dataclass

from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.handler import DEFAULT_MAILER_BACKEND
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Servers may drop a client idle for 5 minutes (RFC 5321) and many do sooner: past this,
# a new connection is cheaper than a failed first command on a dead one.
IDLE_SECONDS = 30
# Signs that the server closed the connection (or it broke): the message can go on a new one.
LOST = (smtplib.SMTPServerDisconnected, ConnectionError)
# The server answered no to this message: the connection itself is fine (smtplib resets it).
REFUSED = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


@dataclass
class Kept:
    backend: BaseEmailBackend
    pid: int
    config: dict  # the MAILERS entry it was opened with
    last_used: float


_lock = threading.Lock()  # a thread pool's threads take turns on the one connection
_keeping = False
_kept: Kept | None = None


def keep_open() -> None:
    """From now on this process keeps its connection (called as a worker process starts)."""
    global _keeping
    _keeping = True


def close() -> None:
    """Say goodbye to the mail server (as a worker process stops)."""
    with _lock:
        _forget(polite=True)


def send(message: EmailMessage) -> None:
    """Send one message on this process's kept connection, or on its own outside a worker."""
    if not _keeping or not _is_smtp():
        # (A file or console backend kept open would write every message to one file.)
        mailers.default.send_messages([message])
        return
    with _lock:
        kept, reused = _connection()
        try:
            _send_on(kept, message)
        except LOST as error:
            if not reused:
                raise
            logger.info("The mail server dropped the kept connection (%s); sending on a new one.", error)
            kept, _ = _connection()
            _send_on(kept, message)


def _send_on(kept: Kept, message: EmailMessage) -> None:
    try:
        kept.backend.send_messages([message])
    except REFUSED:
        if not _is_open(kept):  # e.g. a 421 answer: smtplib closed it
            _forget(polite=False)
        raise
    except BaseException:
        # Lost, timed out, or in a state we cannot know: the next message gets a new one.
        _forget(polite=False)
        raise
    kept.last_used = time.monotonic()


def _connection() -> tuple[Kept, bool]:
    """The open connection and whether it served before, after giving up a stale one."""
    global _kept
    config = mailers.settings.get("default", {})
    if _kept is not None and _kept.pid != os.getpid():
        _kept = None  # inherited through a fork: the parent's socket, not ours to QUIT
    if _kept is not None and (_kept.config != config or time.monotonic() - _kept.last_used > IDLE_SECONDS):
        _forget(polite=True)
    if _kept is not None:
        return _kept, True
    backend = mailers.default
    backend.open()
    _kept = Kept(backend, os.getpid(), copy.deepcopy(config), time.monotonic())
    return _kept, False


def _is_smtp() -> bool:
    config = mailers.settings.get("default", {})
    return issubclass(import_string(config.get("BACKEND", DEFAULT_MAILER_BACKEND)), SMTPBackend)


def _is_open(kept: Kept) -> bool:
    smtp = getattr(kept.backend, "connection", None)
    return smtp is None or getattr(smtp, "sock", True) is not None


def _forget(*, polite: bool) -> None:
    global _kept
    kept, _kept = _kept, None
    if kept is None or kept.pid != os.getpid():
        return
    try:
        if polite:
            kept.backend.close()
        elif getattr(kept.backend, "connection", None) is not None:
            kept.backend.connection.close()  # the socket only: no QUIT on a broken line
    except (smtplib.SMTPException, OSError) as error:
        logger.info("Closing the mail server connection: %s", error)

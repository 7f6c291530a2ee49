"""A real SMTP server on loopback (aiosmtpd) that records what it receives and can be told
to refuse the next messages, temporarily (4xx) or for good (5xx); it counts the client
connections (each says EHLO once) and can drop them all, as a restarting server would."""

import asyncio
import email
import logging
import socket
import time
from email import policy

from aiosmtpd.controller import Controller

# aiosmtpd narrates every SMTP command at INFO: keep test and benchmark output readable.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refusals: list[str] = []
        self.refused = 0
        self.delays: list[float] = []  # seconds to wait before answering the next messages
        self.abandoned = 0
        self.sessions: list = []  # the SMTP server side of every connection that said EHLO

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.sessions.append(server)
        return responses

    async def handle_DATA(self, server, session, envelope):
        if self.delays:
            await asyncio.sleep(self.delays.pop(0))
            if server.transport is None or server.transport.is_closing():
                # The sender went away before the answer: the message was never accepted.
                self.abandoned += 1
                return "451 4.4.2 Connection lost"
        if self.refusals:
            self.refused += 1
            return self.refusals.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 OK"


class SMTPServer:
    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        return self.handler.messages

    @property
    def connections(self) -> int:
        return len(self.handler.sessions)

    def drop_connections(self) -> None:
        """Close every client connection, without a word, as a server restarting does."""
        for server in self.handler.sessions:
            if server.transport is not None:
                self.controller.loop.call_soon_threadsafe(server.transport.close)
        time.sleep(0.2)

    def refuse_next(self, count: int, answer: str = "451 4.3.0 Try again later") -> None:
        self.handler.refusals.extend([answer] * count)

    def wait_for(self, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

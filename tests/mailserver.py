"""A real SMTP server on loopback (aiosmtpd) that records what it receives and can be told
to refuse the next messages, temporarily (4xx) or for good (5xx); it counts the client
connections (each says EHLO once) and can drop them all, as a restarting server would.

It keeps each message as the bytes it received and parses it when a test first reads it:
parsing as it arrives cost the benchmarks' process, which runs this server, about as much
CPU as a worker spends building the message — a cost a real mail server's machine bears.
`wait_for` only waits (it parses nothing), and wakes the moment the message it waits for
arrives: a latency measured to the millisecond, a rate that is the sender's alone."""

import asyncio
import email
import logging
import socket
import threading
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
        self.received: list[bytes] = []  # each accepted message, as it came
        self.parsed: list[email.message.EmailMessage] = []  # the first of them, parsed
        self.arrived = threading.Condition()
        self.awaited: list[int] = []  # the counts that threads in `wait_for` wait for
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
        with self.arrived:
            self.received.append(envelope.content)
            if self.awaited and len(self.received) >= min(self.awaited):
                self.arrived.notify_all()
        return "250 2.0.0 OK"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self.arrived:
            received = self.received[len(self.parsed) :]
        self.parsed.extend(email.message_from_bytes(content, policy=policy.default) for content in received)
        return self.parsed

    def clear(self) -> None:
        with self.arrived:
            self.received.clear()
            self.parsed.clear()


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
    def count(self) -> int:
        """How many messages arrived (without parsing them)."""
        return len(self.handler.received)

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

    def wait_for(self, count: int, timeout: float = 30) -> None:
        """Until `count` messages have arrived (or `timeout` seconds have passed)."""
        handler = self.handler
        with handler.arrived:
            handler.awaited.append(count)
            try:
                handler.arrived.wait_for(lambda: len(handler.received) >= count, timeout=timeout)
            finally:
                handler.awaited.remove(count)

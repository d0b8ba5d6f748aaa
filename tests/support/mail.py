"""The real SMTP servers the tests send to (aiosmtpd), and reading the emails that arrive."""

from __future__ import annotations

import asyncio
import re
import threading
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.support.network import free_port


class MailSink:
    """An aiosmtpd handler that keeps every message, and can refuse chosen addresses."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # the bytes as received, in the order of ``messages``
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: dict[str, str] = {}
        self.port = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
            self.raw.append(envelope.original_content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.raw.clear()
            self.envelopes.clear()
            self.refuse.clear()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


class FaultySmtpServer:
    """A real SMTP server (aiosmtpd) of the test's own, with switchable faults.

    ``fail_data_after``: after that many accepted messages, answer DATA with ``fail_reply``.
    ``hold_at``: block before answering that message (numbered from 1) until ``release`` is set;
    ``holding`` is set when it is blocked, so a test can kill the client mid-conversation.
    """

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.fail_data_after: int | None = None
        self.fail_reply = "421 4.3.0 Service shutting down"
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.fail_data_after is not None and len(self.messages) >= self.fail_data_after:
                return self.fail_reply
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            number = len(self.messages)
        if self.hold_at is not None and number == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.controller.stop()
        return False


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def links_in(message: EmailMessage) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text_part(message))


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def email_link(smtp, to: str, contains: str) -> str:
    """The path of the link containing ``contains`` in the one email sent to ``to``."""
    [message] = smtp.to(to)
    return path_of(next(link for link in links_in(message) if contains in link))


def message_id_counts(messages) -> Counter:
    return Counter(str(message["Message-ID"]) for message in messages)

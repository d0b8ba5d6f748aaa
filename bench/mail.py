"""Mail: the worker against plain smtplib, two workers against one, and a 10,000-recipient
bulletin delivered by two workers, once cleanly and once with one worker SIGKILLed mid-delivery.

The bulletin is queued as OutboxMessage rows rendered per recipient and inserted in bulk (the
bulletin feature's own queueing lands with the email branch; this measures the outbox and worker
it relies on). Each message's Message-ID is counted at the SMTP sink, so lost and duplicated
messages are counted where the recipient would notice them.
"""

from __future__ import annotations

import asyncio
import collections
import os
import re
import signal
import smtplib
import subprocess
import sys
import threading
import time
import uuid
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from jinja2 import Environment
from sqlalchemy import func, insert, select

from bench.common import PROJECT_ROOT, free_port, make_app, migrate, note, private_database, report

SIZES = {
    "quick": {"compare": 300, "scaling": 100, "bulletin": 1000},
    "full": {"compare": 2000, "scaling": 400, "bulletin": 10000},
}
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.I | re.M)

BULLETIN_TEXT = Environment(autoescape=False).from_string(  # noqa: S701 - plain-text email
    "Dear {{ name }},\n\n{% for item in items %}- Recommendation {{ item.number }}: "
    "{{ item.title }} is now {{ item.status }}.\n{% endfor %}\nRead more: {{ url }}\n\n"
    "You get this bulletin because you took part in the assembly. Stop these emails: {{ stop }}\n"
)
BULLETIN_HTML = Environment(autoescape=True).from_string(
    "<p>Dear {{ name }},</p><ul>{% for item in items %}<li>Recommendation {{ item.number }}: "
    "{{ item.title }} is now {{ item.status }}.</li>{% endfor %}</ul>"
    '<p><a href="{{ url }}">Read more</a></p><p><a href="{{ stop }}">Stop these emails</a></p>'
)


class Sink:
    """An SMTP server that counts each Message-ID it accepts, optionally slowly."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.seen: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        match = MESSAGE_ID.search(envelope.content)
        with self.lock:
            self.seen[match.group(1).decode() if match else "?"] += 1
        return "250 OK"

    @property
    def received(self) -> int:
        with self.lock:
            return sum(self.seen.values())

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def _queue(count: int, tag: str) -> list[str]:
    """Render and queue ``count`` bulletin emails in bulk; returns their Message-IDs."""
    from portal.extensions import db
    from portal.models import OutboxMessage

    items = [
        {"number": n, "title": f"Recommendation title number {n}", "status": "in progress"}
        for n in range(1, 6)
    ]
    rows = []
    for i in range(count):
        context = {
            "name": f"Member {i}",
            "items": items,
            "url": "https://portal.example/assemblies/climate",
            "stop": f"https://portal.example/bulletins/stop/{uuid.uuid4().hex}",
        }
        rows.append(
            {
                "message_id": f"<{tag}-{i}-{uuid.uuid4().hex[:8]}@portal.example>",
                "kind": "bulletin",
                "to_address": f"member{i}@example.org",
                "subject": "Assembly bulletin: what the council did this month",
                "body_text": BULLETIN_TEXT.render(context),
                "body_html": BULLETIN_HTML.render(context),
                "headers": "{}",
            }
        )
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(OutboxMessage), rows[start : start + 2000])
    db.session.commit()
    return [row["message_id"] for row in rows]


def _clear_outbox() -> None:
    from portal.extensions import db
    from portal.models import OutboxMessage

    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()


def _unsent(ids: list[str]) -> int:
    from portal.extensions import db
    from portal.models import MessageState, OutboxMessage

    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.state != MessageState.SENT)
    )


def _start_workers(count: int, database: str, sink: Sink, **options) -> list[subprocess.Popen]:
    command = [
        sys.executable,
        "-m",
        "bench.mail_worker_process",
        "--database",
        database,
        "--smtp-port",
        str(sink.port),
    ]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        else:
            command += [f"--{key.replace('_', '-')}", str(value)]
    processes = [
        subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        for _ in range(count)
    ]
    for process in processes:
        line = process.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"mail worker did not start: {line!r}")
    return processes


def _go(processes: list[subprocess.Popen]) -> float:
    started = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    return started


def _finish(processes: list[subprocess.Popen], timeout: float = 600) -> None:
    for process in processes:
        process.wait(timeout=timeout)


def _worker_vs_smtplib(app, database: str, count: int) -> None:
    from portal.mail.worker import deliver_due

    with Sink() as sink, app.app_context():
        _queue(count, "compare")
        started = time.perf_counter()
        delivered = deliver_due(limit=100)
        worker_seconds = time.perf_counter() - started
        assert delivered.sent == count, delivered
        messages = []
        for i in range(count):
            message = EmailMessage()
            message["From"] = "portal@portal.example"
            message["To"] = f"member{i}@example.org"
            message["Subject"] = "Assembly bulletin"
            message["Message-ID"] = f"<plain-{i}@portal.example>"
            message.set_content("Dear member,\n" + "A line of the bulletin.\n" * 12)
            message.add_alternative("<p>Dear member,</p>" + "<p>A line.</p>" * 12, subtype="html")
            messages.append(message)
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            for message in messages:
                smtp.send_message(message)
        smtplib_seconds = time.perf_counter() - started
        _clear_outbox()
    report("mail_worker_messages_per_second", count / worker_seconds)
    report("mail_smtplib_messages_per_second", count / smtplib_seconds)
    report("mail_worker_vs_smtplib", worker_seconds / smtplib_seconds)


def _delivery_seconds(app, database: str, sink: Sink, workers: int, count: int) -> float:
    with app.app_context():
        _queue(count, f"scaling{workers}")
    processes = _start_workers(workers, database, sink, batch=20)
    started = _go(processes)
    _finish(processes)
    seconds = time.perf_counter() - started
    with app.app_context():
        assert _unsent([]) == 0
        _clear_outbox()
    return seconds


def _two_workers_vs_one(app, database: str, count: int) -> None:
    with Sink(delay=0.02) as sink:
        one = _delivery_seconds(app, database, sink, 1, count)
        two = _delivery_seconds(app, database, sink, 2, count)
    report("mail_one_worker_seconds_20ms_sink", one)
    report("mail_two_workers_seconds_20ms_sink", two)
    report("mail_two_workers_vs_one", one / two)


def _bulletin(app, database: str, count: int, kill: bool) -> None:
    label = "bulletin_kill" if kill else "bulletin"
    with app.app_context():
        started = time.perf_counter()
        ids = _queue(count, label)
        queue_seconds = time.perf_counter() - started
    with Sink() as sink:
        # With the kill, a short claim (and batches that finish well within it) lets the survivor
        # pick up the dead worker's claimed messages within seconds instead of five minutes.
        options = {"batch": 20, "lease": 10} if kill else {"batch": 100}
        processes = _start_workers(2, database, sink, until_empty=True, **options)
        started = _go(processes)
        kills = 0
        if kill:
            while sink.received < count * 0.3 and processes[0].poll() is None:
                time.sleep(0.01)
            os.kill(processes[0].pid, signal.SIGKILL)
            kills = 1
        _finish(processes)
        deliver_seconds = time.perf_counter() - started
        with app.app_context():
            unsent = _unsent(ids)
            _clear_outbox()
        seen = sink.seen
        lost = sum(1 for message_id in ids if seen[message_id] == 0)
        duplicates = sum(seen[message_id] - 1 for message_id in ids if seen[message_id] > 1)
    if not kill:
        report("bulletin_recipients", count)
        report("bulletin_queue_seconds", queue_seconds)
        report("bulletin_deliver_seconds", deliver_seconds)
        report("bulletin_lost", lost)
        report("bulletin_duplicates", duplicates)
        report("bulletin_unsent_rows", unsent)
    else:
        report("bulletin_kill_workers_killed", kills)
        report("bulletin_kill_deliver_seconds", deliver_seconds)
        report("bulletin_kill_lost", lost)
        report("bulletin_kill_duplicates", duplicates)
        report("bulletin_kill_unsent_rows", unsent)


def run(size: str) -> None:
    sizes = SIZES[size]
    with private_database("bench_mail") as database:
        app = make_app(database)
        migrate(app)
        note("mail: worker against smtplib")
        _worker_vs_smtplib(app, database, sizes["compare"])
        note("mail: two workers against one, 20 ms per message at the sink")
        _two_workers_vs_one(app, database, sizes["scaling"])
        note(f"mail: a {sizes['bulletin']}-recipient bulletin, two workers")
        _bulletin(app, database, sizes["bulletin"], kill=False)
        note("mail: the same with one worker killed by SIGKILL mid-delivery")
        _bulletin(app, database, sizes["bulletin"], kill=True)
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()

"""Mail, the one mail benchmark: the worker against plain smtplib sending the same messages, two
workers against one with a slow SMTP server, and a bulletin (quick: 1,000 recipients, full:
10,000) queued by the portal's own bulletin service and delivered by two workers, once cleanly
and once with one worker SIGKILLed mid-delivery.

The SMTP sink (aiosmtpd) runs in a process of its own, so it does not compete with the sender for
the interpreter. It counts each Message-ID it accepts, so lost and duplicated messages are
counted where the recipient would notice them.
"""

from __future__ import annotations

import asyncio
import collections
import multiprocessing
import os
import re
import signal
import smtplib
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate

from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select

from bench.common import PROJECT_ROOT, free_port, make_app, migrate, note, private_database, report

SIZES = {
    # The scaling runs send batches of 20: an even number of batches, so two workers can split
    # them evenly (100 messages made 5 batches, 3 for one worker and 2 for the other, which
    # capped the ratio at 1.67 whatever the worker did).
    "quick": {"compare": 300, "scaling": 200, "bulletin": 1000},
    "full": {"compare": 2000, "scaling": 800, "bulletin": 10000},
}
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.I | re.M)
SENDER = "Bench <bench@portal.example>"
BULLETIN_BODY = (
    "The council has **published** its first responses to the assembly's recommendations.\n\n"
    "- Recommendation 1 is now in progress.\n- Recommendation 2 is completed.\n"
    "- Recommendation 3 was not accepted, and the council explains why.\n\n"
    "Read what the council said about each recommendation on the portal.\n"
)


class _Counter:
    """The sink's handler, in the sink's own process: counts Message-IDs, optionally slowly."""

    def __init__(self, delay: float, received):
        self.delay = delay
        self.received = received
        self.seen: collections.Counter[str] = collections.Counter()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        match = MESSAGE_ID.search(envelope.content)
        self.seen[match.group(1).decode() if match else "?"] += 1
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def _serve(port: int, delay: float, received, ready, stop, results) -> None:
    handler = _Counter(delay, received)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    results.send(dict(handler.seen))


class Sink:
    """An SMTP server in its own process. ``received`` is live; ``seen`` (Message-ID → times
    accepted) is read when the ``with`` block ends."""

    def __init__(self, delay: float = 0.0):
        self.port = free_port()
        self._received = multiprocessing.Value("i", 0)
        self._ready = multiprocessing.Event()
        self._stop = multiprocessing.Event()
        self._results, child = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.Process(
            target=_serve,
            args=(self.port, delay, self._received, self._ready, self._stop, child),
            daemon=True,
        )
        self.seen: collections.Counter[str] = collections.Counter()

    @property
    def received(self) -> int:
        return self._received.value

    def __enter__(self):
        self._process.start()
        if not self._ready.wait(30):
            raise RuntimeError("the SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.seen = collections.Counter(self._results.recv())
        self._process.join(10)


def _queue(count: int, tag: str) -> list[str]:
    """``count`` members of a new assembly, and a bulletin to them queued by the portal's own
    bulletin service (one shared body, one outbox row per person); returns the Message-IDs."""
    from portal.extensions import db
    from portal.mail import bulletins
    from portal.models import Assembly, BulletinAudience, Membership, OutboxMessage, User
    from portal.timeutil import utcnow

    now = utcnow()
    prefix = f"{tag}-{uuid.uuid4().hex[:8]}"
    assembly = Assembly(slug=prefix, name=f"Bench assembly {prefix}")
    organiser = User(
        email=f"{prefix}-organiser@example.org",
        name="Bench Organiser",
        display_name="Bench",
        role="organiser",
    )
    db.session.add_all([assembly, organiser])
    db.session.flush()
    people = [
        {
            "email": f"{prefix}-{n}@example.org",
            "name": f"Member {n}",
            "display_name": f"Member {n}",
            "role": "member",
            "session_token": uuid.uuid4().hex,
            "created_at": now,
        }
        for n in range(count)
    ]
    for start in range(0, count, 5000):
        db.session.execute(insert(User), people[start : start + 5000])
    ids = db.session.scalars(select(User.id).where(User.email.like(f"{prefix}-%@%"))).all()
    ids = [i for i in ids if i != organiser.id]
    memberships = [{"user_id": i, "assembly_id": assembly.id, "joined_at": now} for i in ids]
    for start in range(0, len(memberships), 5000):
        db.session.execute(insert(Membership), memberships[start : start + 5000])
    bulletin = bulletins.save_draft(
        None,
        organiser,
        subject="What the council did with your recommendations this month",
        body=BULLETIN_BODY,
        audience=BulletinAudience.ASSEMBLY,
        assembly=assembly,
        recommendation_ids=[],
    )
    bulletins.send_now(bulletin)
    db.session.commit()
    message_ids = list(
        db.session.scalars(
            select(OutboxMessage.message_id).where(OutboxMessage.bulletin_id == bulletin.id)
        )
    )
    if len(message_ids) != count:
        raise RuntimeError(f"queued {len(message_ids)} messages for {count} members")
    return message_ids


def _clear_outbox() -> None:
    from portal.extensions import db
    from portal.models import OutboxMessage

    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()


def _unsent() -> int:
    from portal.extensions import db
    from portal.models import MessageState, OutboxMessage

    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.state != MessageState.SENT)
    )


def _the_same_messages() -> list[tuple[str, str, str, str, str, dict[str, str]]]:
    """What the worker sent, as plain values, for smtplib to send again."""
    from portal.extensions import db
    from portal.mail.worker import _shared_bodies, to_flask_message
    from portal.models import OutboxMessage

    rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    bodies = _shared_bodies(rows)
    same = []
    for row in rows:
        message = to_flask_message(row, bodies.get(row.body_id) if row.body_id else None)
        same.append(
            (
                f"<again-{row.id}@portal.example>",
                row.to_address,
                message.subject,
                message.body,
                message.html,
                dict(message.extra_headers or {}),
            )
        )
    return same


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


def _worker_vs_smtplib(database: str, count: int) -> None:
    """The worker in this process (``deliver_due``: claims, one SMTP connection per batch, a
    commit per message), then smtplib sending the same subjects, headers and bodies, built with
    EmailMessage inside the timed loop, over one connection with no database. Both send to the
    same sink."""
    from portal.mail.worker import deliver_due

    with Sink() as sink:
        app = make_app(
            database, MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_DEFAULT_SENDER=SENDER
        )
        with app.app_context():
            _queue(count, "compare")
            started = time.perf_counter()
            delivered = deliver_due(limit=100)
            worker_seconds = time.perf_counter() - started
            if delivered.sent != count:
                raise RuntimeError(f"the worker sent {delivered.sent} of {count}: {delivered}")
            same = _the_same_messages()
            _clear_outbox()
        started = time.perf_counter()
        _send_with_smtplib(sink.port, same)
        smtplib_seconds = time.perf_counter() - started
    if sink.received != 2 * count:
        raise RuntimeError(f"the sink took {sink.received} of {2 * count} messages")
    report("mail_worker_messages_per_second", count / worker_seconds)
    report("mail_smtplib_messages_per_second", count / smtplib_seconds)
    report("mail_worker_vs_smtplib", worker_seconds / smtplib_seconds)


def _send_with_smtplib(port: int, messages) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for message_id, to, subject, text, html, headers in messages:
            email = EmailMessage()
            email["Subject"] = subject
            email["From"] = SENDER
            email["To"] = to
            email["Date"] = formatdate(localtime=True)
            email["Message-ID"] = message_id
            for name, value in headers.items():
                email[name] = value
            email.set_content(text)
            email.add_alternative(html, subtype="html")
            smtp.send_message(email)


def _delivery_seconds(app, database: str, sink: Sink, workers: int, count: int) -> float:
    with app.app_context():
        _queue(count, f"scaling{workers}")
    processes = _start_workers(workers, database, sink, batch=20)
    started = _go(processes)
    _finish(processes)
    seconds = time.perf_counter() - started
    with app.app_context():
        if _unsent():
            raise RuntimeError("messages were left unsent")
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
            unsent = _unsent()
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
        app = make_app(database, MAIL_DEFAULT_SENDER=SENDER)
        migrate(app)
        note("mail: worker against smtplib, the same messages")
        _worker_vs_smtplib(database, sizes["compare"])
        note("mail: two workers against one, 20 ms per message at the sink")
        _two_workers_vs_one(app, database, sizes["scaling"])
        note(f"mail: a {sizes['bulletin']}-recipient bulletin, two workers")
        _bulletin(app, database, sizes["bulletin"], kill=False)
        note("mail: the same with one worker killed by SIGKILL mid-delivery")
        _bulletin(app, database, sizes["bulletin"], kill=True)
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()

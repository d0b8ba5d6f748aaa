"""Mail worker throughput against a local SMTP sink, compared with plain smtplib in the same run.

    .venv/bin/python bench/mail_throughput.py [--messages 2000] [--database-url URL]

Queues a bulletin to N members (one outbox row each, as the portal does), then:

1. the worker (``deliver_due``) sends them all: claims in batches, one SMTP connection per
   batch, builds each MIME message, commits each message's result as soon as the server answers;
2. plain ``smtplib`` sends the same messages (same subject, headers, text and HTML parts, built
   with the standard library's EmailMessage inside the timed loop) over one connection, with no
   database at all.

The SMTP sink (aiosmtpd) runs in its own process, so it does not compete with the sender for
the interpreter.

Prints messages per second for both and ``mail_worker_rate_vs_smtplib: <ratio>`` (worker rate / smtplib rate;
1.0 would mean the outbox costs nothing). Not a test: figures depend on the machine and its disk
(SQLite commits are fsynced), so read them as a comparison within one run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import smtplib
import socket
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402


class CountingSink:
    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def run_sink(port: int, counter, ready, stop) -> None:
    controller = Controller(CountingSink(counter), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(database_url: str, port: int):
    from flask_migrate import upgrade

    from portal import PROJECT_ROOT, create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_DEFAULT_SENDER": "Bench <bench@example.org>",
            "PUBLIC_BASE_URL": "https://portal.example.org",
            "SECRET_KEY": "bench-secret-key",
        }
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    return app


def queue_bulletin(count: int) -> None:
    from sqlalchemy import insert, select

    from portal.extensions import db
    from portal.mail import bulletins
    from portal.models import Assembly, BulletinAudience, Membership, User
    from portal.timeutil import utcnow

    now = utcnow()
    assembly = Assembly(slug=f"bench-{int(time.time())}", name="Bench Assembly")
    organiser = User(
        email=f"organiser-{int(time.time())}@example.org",
        name="Bench Organiser",
        display_name="Bench",
        role="organiser",
    )
    db.session.add_all([assembly, organiser])
    db.session.flush()
    prefix = f"bench{int(time.time())}-"
    db.session.execute(
        insert(User),
        [
            {
                "email": f"{prefix}{n}@example.org",
                "name": f"Member {n}",
                "display_name": f"Member {n}",
                "role": "member",
                "session_token": f"{prefix}{n}"[:32],
                "created_at": now,
            }
            for n in range(count)
        ],
    )
    ids = db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%"))).all()
    db.session.execute(
        insert(Membership),
        [{"user_id": i, "assembly_id": assembly.id, "joined_at": now} for i in ids],
    )
    bulletin = bulletins.save_draft(
        None,
        organiser,
        subject="Benchmark bulletin",
        body="The council has **published** its first responses.\n\n- One\n- Two\n",
        audience=BulletinAudience.ASSEMBLY,
        assembly=assembly,
        recommendation_ids=[],
    )
    bulletins.send_now(bulletin)
    db.session.commit()
    return bulletin.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url", help="Default: a fresh SQLite file in a temp folder")
    args = parser.parse_args()

    port = free_port()
    counter, ready, stop = (
        multiprocessing.Value("i", 0),
        multiprocessing.Event(),
        multiprocessing.Event(),
    )
    sink = multiprocessing.Process(target=run_sink, args=(port, counter, ready, stop), daemon=True)
    sink.start()
    ready.wait(30)
    folder = tempfile.mkdtemp(prefix="mail-bench-")
    os.environ["PORTAL_INSTANCE_PATH"] = folder
    database_url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    app = build_app(database_url, port)

    from sqlalchemy import select

    from portal.extensions import db
    from portal.mail.worker import deliver_due, to_flask_message
    from portal.models import OutboxMessage

    try:
        with app.app_context():
            bulletin_id = queue_bulletin(args.messages)
            db.session.remove()

            started = time.perf_counter()
            report = deliver_due()
            worker_seconds = time.perf_counter() - started
            assert report.sent == args.messages, report
            assert counter.value == args.messages

            rows = db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.bulletin_id == bulletin_id)
            ).all()
            same_messages = []
            for row in rows:
                message = to_flask_message(row)
                same_messages.append(
                    (
                        row.message_id,
                        row.to_address,
                        row.subject,
                        message.body,
                        message.html,
                        message.extra_headers,
                    )
                )
            db.session.remove()

        counter.value = 0
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            for message_id, to, subject, text, html, headers in same_messages:
                email = EmailMessage()
                email["Subject"] = subject
                email["From"] = "Bench <bench@example.org>"
                email["To"] = to
                email["Date"] = formatdate(localtime=True)
                email["Message-ID"] = message_id
                for name, value in headers.items():
                    email[name] = value
                email.set_content(text)
                email.add_alternative(html, subtype="html")
                smtp.send_message(email)
        smtplib_seconds = time.perf_counter() - started
        assert counter.value == args.messages
    finally:
        stop.set()
        sink.join(10)

    worker_rate = args.messages / worker_seconds
    smtplib_rate = args.messages / smtplib_seconds
    dialect = database_url.split(":", 1)[0]
    print(f"messages: {args.messages} (database: {dialect})")
    print(f"mail_worker: {worker_rate:.0f} messages/s ({worker_seconds:.2f} s)")
    print(f"smtplib: {smtplib_rate:.0f} messages/s ({smtplib_seconds:.2f} s)")
    print(f"mail_worker_rate_vs_smtplib: {worker_rate / smtplib_rate:.2f}")


if __name__ == "__main__":
    main()

"""Real worker processes (``flask --app portal mail-worker``) against the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sqlalchemy import func, select

from portal.extensions import db
from portal.mail import bulletins
from portal.models import BulletinAudience, MessageState, OutboxMessage
from tests.mail.support import time_passes
from tests.support.data import create_assembly, create_members, create_user
from tests.support.mail import FaultySmtpServer, message_id_counts


def worker_environment(app, database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PUBLIC_BASE_URL": app.config["PUBLIC_BASE_URL"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_DEFAULT_SENDER": app.config["MAIL_DEFAULT_SENDER"],
    }


def start_worker(app, database_url: str, port: int, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "mail-worker", *options],
        env=worker_environment(app, database_url, port),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker: subprocess.Popen) -> str:
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    return out


def sent_by(output: str) -> int:
    """How many messages a ``mail-worker --once`` run reports it sent."""
    return int(output.split("sent ", 1)[1].split(",", 1)[0])


def queue_bulletin_to_members(count: int) -> None:
    assembly = create_assembly()
    create_members(assembly, count)
    bulletin = bulletins.save_draft(
        None,
        create_user(role="organiser"),
        subject="Meeting next week",
        body="The council meets on Thursday.",
        audience=BulletinAudience.ASSEMBLY,
        assembly=assembly,
        recommendation_ids=[],
    )
    bulletins.send_now(bulletin)
    db.session.commit()
    db.session.remove()


def states() -> dict[str, int]:
    return dict(
        db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
    )


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
    app, app_context, database_url
):
    queue_bulletin_to_members(60)

    with FaultySmtpServer() as sink:
        sink.hold_at = 25
        worker = start_worker(app, database_url, sink.port)
        try:
            assert sink.holding.wait(timeout=60), "the worker never reached message 25"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        sink.release.set()

        assert states() == {"sent": 24, "sending": 36}
        in_flight = str(sink.messages[24]["Message-ID"])

        time_passes(minutes=6)  # the dead worker's claim lapses
        db.session.remove()
        finish(start_worker(app, database_url, sink.port, "--once"))

    counts = message_id_counts(sink.messages)
    assert len(counts) == 60, "every message arrived"
    repeated = [message_id for message_id, seen in counts.items() if seen > 1]
    assert repeated == [in_flight], "only the message in flight was sent again"
    assert counts[in_flight] == 2
    assert states() == {"sent": 60}


def test_workers_in_parallel_send_nothing_twice(app, app_context, database_url):
    """Two workers on PostgreSQL (``FOR UPDATE SKIP LOCKED``); one on SQLite, which needs one."""
    on_postgresql = db.engine.dialect.name == "postgresql"
    if os.environ.get("TEST_DATABASE_URL"):
        assert on_postgresql, "TEST_DATABASE_URL is set, so this must run on PostgreSQL"
    queue_bulletin_to_members(500)

    with FaultySmtpServer() as sink:
        sink.hold_at = 1
        first = start_worker(app, database_url, sink.port, "--once")
        assert sink.holding.wait(timeout=60), "the first worker never started sending"
        if on_postgresql:
            second = finish(start_worker(app, database_url, sink.port, "--once"))
            assert sent_by(second) == 400, "the second worker took every row not claimed"
        sink.release.set()
        first_sent = sent_by(finish(first))

    assert first_sent == (100 if on_postgresql else 500)
    counts = message_id_counts(sink.messages)
    assert len(counts) == 500
    assert set(counts.values()) == {1}
    db.session.expire_all()
    assert states() == {MessageState.SENT.value: 500}

"""What the benchmarks share: figures, private PostgreSQL databases, apps and gunicorn."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"


README = PROJECT_ROOT / "bench" / "README.md"
RESULTS_HEADING = "## Results"
RUN_HEADING = re.compile(r"^### (\d{4}-\d{2}-\d{2}), (.+)$")
FIGURE = re.compile(r"^([a-z0-9_]+): (\S+)$")

# Every figure of this run, in order, and the last recorded run of the same size to print beside.
figures: dict[str, str] = {}
last_recorded: dict[str, str] = {}


def recorded_runs(text: str) -> list[dict]:
    """The runs recorded in ``bench/README.md``'s Results, newest first: each a dict with
    ``date``, ``heading``, ``size`` (quick or full) and ``figures`` (name → value as written)."""
    runs: list[dict] = []
    current: dict | None = None
    in_block = False
    for line in text.splitlines():
        heading = RUN_HEADING.match(line)
        if heading:
            size = "quick" if "bench-quick" in heading.group(2) else "full"
            current = {"date": heading.group(1), "heading": heading.group(2), "size": size}
            current["figures"] = {}
            runs.append(current)
            continue
        if line.startswith("```"):
            in_block = not in_block
            continue
        figure = FIGURE.match(line)
        if in_block and current is not None and figure:
            current["figures"].setdefault(figure.group(1), figure.group(2))
    return runs


def load_last_recorded(size: str) -> str | None:
    """Remember the newest recorded run of ``size``; returns its description, if any."""
    runs = [run for run in recorded_runs(README.read_text()) if run["size"] == size]
    if not runs:
        return None
    last_recorded.clear()
    last_recorded.update(runs[0]["figures"])
    return f"{runs[0]['date']}, {runs[0]['heading']}"


def _formatted(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return str(value)


def report(name: str, value) -> None:
    """One figure, as ``name: value``, with the last recorded value beside it when there is one."""
    value = _formatted(value)
    figures[name] = value
    last = last_recorded.get(name)
    beside = f"    (last recorded: {last})" if last is not None else "    (new)"
    print(f"{name}: {value}{beside}", flush=True)


def record(size: str, commit: str, today: str) -> None:
    """Add this run's figures to ``bench/README.md`` as the newest recorded run."""
    command = "make bench-quick" if size == "quick" else "make bench"
    block = "\n".join(f"{name}: {value}" for name, value in figures.items())
    section = f"### {today}, commit `{commit}`, `{command}`\n\n```\n{block}\n```\n\n"
    text = README.read_text()
    at = text.index(RESULTS_HEADING) + len(RESULTS_HEADING)
    at = text.index("\n###", at) + 1 if "\n###" in text[at:] else len(text)
    README.write_text(text[:at] + section + text[at:])


def note(text: str) -> None:
    print(f"# {text}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def private_database(prefix: str = "bench"):
    """A new PostgreSQL database on the local server, dropped afterwards; yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    subprocess.run(["createdb", *admin, name], check=True)
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        subprocess.run(["dropdb", *admin, "--force", "--if-exists", name], check=False)


def instance_folder() -> str:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ["PORTAL_INSTANCE_PATH"] = folder
    return folder


def make_app(database_url: str, **config):
    """The portal as production runs it (logs quietened to warnings), on ``database_url``."""
    instance_folder()
    from portal import create_app

    return create_app(
        {
            "SECRET_KEY": "bench-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


def session_id_for(app, user_id: int) -> str:
    """A server-side session for ``user_id``, as signing in makes one: the Flask-Login id for
    the session cookie."""
    from portal.auth import sessions
    from portal.extensions import db
    from portal.models import User

    with app.test_request_context():
        session_id = sessions.start(db.session.get(User, user_id))
        db.session.commit()
    return session_id


def migrate(app) -> None:
    import logging

    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger().handlers.clear()


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listened on {port}")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, app: str = "portal:create_app()"):
    """gunicorn (sync workers) serving ``app`` on a free port; yields the port."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

"""Throughput: gunicorn (2 workers) on PostgreSQL under 50 concurrent clients for a fixed time.

The load generator is threads with ``http.client`` on the same machine (so it competes with the
server for CPU; the figures are a floor). Mixed pages: public assembly pages, recommendation
pages, the assemblies list, a signed-in member's home page and the stylesheet. Then the same
generator against a hello-world Flask route served by gunicorn with the same settings
(``load_rps_vs_hello`` = the portal's requests per second over hello-world's), and the resident
memory of the portal's gunicorn workers after the run (``worker_rss_mb``, the largest).
"""

from __future__ import annotations

import http.client
import os
import random
import threading
import time
from collections.abc import Callable

from bench.common import (
    gunicorn,
    make_app,
    migrate,
    note,
    private_database,
    report,
    session_id_for,
)
from bench.data import ASSEMBLIES, generate

CLIENTS = 50
SECONDS = {"quick": 10, "full": 60}
OK = {200, 304}  # a redirect (to the sign-in page, say) is not the page asked for


def _percentile(samples: list[float], fraction: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _session_cookie(app, user_id: int) -> str:
    """The cookie of a browser signed in as ``user_id``. (Until 4 December 2026 this used a column
    the server-side sessions had replaced, so the signed-in requests got the redirect to the
    sign-in page.)"""
    serializer = app.session_interface.get_signing_serializer(app)
    return "session=" + serializer.dumps({"_user_id": session_id_for(app, user_id), "_fresh": True})


def run(size: str) -> None:
    seconds = SECONDS[size]
    with private_database("bench_load") as url:
        app = make_app(url)
        migrate(app)
        with app.app_context():
            data = generate(ASSEMBLIES[size])
        cookies = [_session_cookie(app, m) for m in data.member_ids[:20]]
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()
        with app.test_request_context():
            from flask import url_for

            stylesheet = url_for("static", filename="portal.css")

        def pick(rng: random.Random) -> tuple[str, str | None]:
            roll = rng.random()
            slug = rng.choice(data.assembly_slugs)
            if roll < 0.40:
                return f"/assemblies/{slug}", None
            if roll < 0.70:
                return f"/assemblies/{slug}/recommendations/{rng.randint(1, 40)}", None
            if roll < 0.85:
                return "/home", rng.choice(cookies)
            if roll < 0.95:
                return "/assemblies", None
            return stylesheet, None

        env = {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret-key",
            "RATELIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        with gunicorn(env, workers=2) as port:
            latencies, errors, elapsed = _drive(port, pick, seconds)
            rss_mb = _largest_worker_rss_mb(port)
        with gunicorn(env, workers=2, app="bench.hello_app:app") as port:
            hello, hello_errors, hello_elapsed = _drive(port, lambda rng: ("/", None), seconds)
        note(f"load: {len(latencies)} requests in {elapsed:.1f} s")
        report("load_clients", CLIENTS)
        report("load_seconds", round(elapsed, 1))
        report("load_requests", len(latencies))
        report("load_rps", len(latencies) / elapsed)
        report("load_p50_ms", _percentile(latencies, 0.50))
        report("load_p95_ms", _percentile(latencies, 0.95))
        report("load_p99_ms", _percentile(latencies, 0.99))
        report("load_errors", errors)
        report("load_hello_rps", len(hello) / hello_elapsed)
        report("load_hello_errors", hello_errors)
        report("load_rps_vs_hello", (len(latencies) / elapsed) / (len(hello) / hello_elapsed))
        report("worker_rss_mb", rss_mb)


def _drive(
    port: int, pick: Callable[[random.Random], tuple[str, str | None]], seconds: float
) -> tuple[list[float], int, float]:
    """``CLIENTS`` threads requesting ``pick``'s pages for ``seconds``: every latency in ms, the
    number of errors, and the time it took."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            path, cookie = pick(rng)
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status not in OK:
                    failed += 1
            except OSError:
                failed += 1
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return latencies, errors[0], time.monotonic() - started


def _largest_worker_rss_mb(port: int) -> float:
    """The resident memory of the largest gunicorn worker listening on ``port`` (from /proc)."""
    largest = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read()
            with open(f"/proc/{pid}/status") as handle:
                status = handle.read()
        except OSError:
            continue
        if b"gunicorn" not in command or f"127.0.0.1:{port}".encode() not in command:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent = int(fields["PPid"])
        if not _is_gunicorn(parent):
            continue  # the master itself
        largest = max(largest, int(fields["VmRSS"].split()[0]))
    return largest / 1024


def _is_gunicorn(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"gunicorn" in handle.read()
    except OSError:
        return False

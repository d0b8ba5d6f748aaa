"""A tracker spreadsheet of 5,000 changes, confirmed on the page and applied by the worker.

An officer leads 5,000 recommendations (inserted in bulk); the spreadsheet gives each a
decision. It is uploaded and previewed through the real page (not timed), then confirmed
(``spreadsheet_5000_confirm_ms``: the request that queues the job, which must answer at once),
and a real ``flask mail-worker`` process, started beforehand, claims and applies it in one
transaction. ``spreadsheet_5000_changes_seconds`` is from the confirm request to the progress
JSON saying the job succeeded; ``spreadsheet_5000_progress_steps_seen`` is how many different
counts the progress JSON showed on the way (polled every 0.2 s), so more than 2 means the page
moved while the job ran. The size is the same at quick and full: the figure's name says 5,000.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date

from sqlalchemy import insert

from bench.common import (
    PROJECT_ROOT,
    instance_folder,
    make_app,
    migrate,
    note,
    private_database,
    report,
    session_id_for,
)

CHANGES = 5000
HEADER = ["assembly", "number", "decision", "explanation", "status", "progress", "update_summary"]
TIMEOUT_SECONDS = 1800


def _generate(app) -> tuple[int, bytes]:
    from portal.auth.passwords import hash_password
    from portal.extensions import db
    from portal.models import Assembly, Recommendation, User

    with app.app_context():
        [officer_id] = db.session.scalars(
            insert(User).returning(User.id),
            [
                {
                    "email": "officer-jobs@council.example",
                    "name": "Officer Jobs",
                    "display_name": "Officer Jobs",
                    "role": "officer",
                    "department": "Transport",
                    "password_hash": hash_password("bench password that is long enough"),
                }
            ],
        )
        [assembly_id] = db.session.scalars(
            insert(Assembly).returning(Assembly.id),
            [
                {
                    "slug": "jobs-assembly",
                    "name": "Assembly with 5,000 recommendations",
                    "topic_question": "How should the district reach net zero?",
                    "description": "For the background job benchmark.",
                    "concluded_on": date(2025, 3, 1),
                    "is_public": True,
                    "first_response_due": date(2025, 9, 1),
                }
            ],
        )
        db.session.execute(
            insert(Recommendation),
            [
                {
                    "assembly_id": assembly_id,
                    "number": number,
                    "title": f"Recommendation {number}",
                    "text": "Make the school streets scheme permanent.",
                    "theme": "Travel",
                    "lead_department": "Transport",
                    "lead_officer_id": officer_id,
                    "next_report_due": date(2026, 1, 1),
                }
                for number in range(1, CHANGES + 1)
            ],
        )
        db.session.commit()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number in range(1, CHANGES + 1):
        writer.writerow(["jobs-assembly", number, "accepted", "", "", "", ""])
    return officer_id, buffer.getvalue().encode()


def _worker(database: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "bench-secret-key",
        "PORTAL_INSTANCE_PATH": instance_folder(),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "mail-worker", "--poll", "0.2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def run(size: str) -> None:
    del size  # 5,000 changes at every size
    with private_database("bench_jobs") as database:
        app = make_app(database, JOBS_INLINE_MAX_ROWS=0)
        migrate(app)
        officer_id, spreadsheet = _generate(app)
        client = app.test_client()
        session_id = session_id_for(app, officer_id)
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        note(f"jobs: previewing a spreadsheet of {CHANGES:,} changes")
        preview = client.post(
            "/tracker/spreadsheet",
            data={"spreadsheet": (io.BytesIO(spreadsheet), "tracker.csv")},
            content_type="multipart/form-data",
        ).get_data(as_text=True)
        match = re.search(r'name="upload_id"[^>]*value="([0-9a-f]+)"', preview)
        if match is None:
            raise RuntimeError("the preview offered no confirm button")
        worker = _worker(database)
        try:
            assert worker.stdout is not None
            worker.stdout.readline()  # "Mail worker started."
            started = time.perf_counter()
            response = client.post(
                "/tracker/spreadsheet/confirm", data={"upload_id": match.group(1)}
            )
            report("spreadsheet_5000_confirm_ms", (time.perf_counter() - started) * 1000)
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/jobs/" not in location:
                raise RuntimeError(f"the confirm step answered {response.status_code} {location}")
            seen = set()
            while True:
                state = client.get(location.rstrip("/") + ".json").get_json()
                seen.add(state["done"])
                if state["finished"]:
                    break
                if time.perf_counter() - started > TIMEOUT_SECONDS:
                    raise RuntimeError("the job did not finish in time")
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
            if state["state"] != "succeeded":
                raise RuntimeError(f"the job failed: {state['summary']}")
            report("spreadsheet_5000_changes_seconds", elapsed)
            report("spreadsheet_5000_progress_steps_seen", len(seen))
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            with app.app_context():
                from portal.extensions import db

                db.engine.dispose()

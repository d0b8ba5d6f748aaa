"""Page cost: four portal pages against a hello-world route and a minimal hand-written page.

The two public pages are requested by a visitor who is not signed in, so after the first request
they come from the page cache (``portal/caching``): their times are a cache hit's. The SQL
statements are counted with the cache emptied first, so they are what rendering costs.

Each page is requested in-process (Flask test client, no network) on PostgreSQL. The minimal page
runs one raw SQL query for the same rows and pads its HTML to the portal page's size, so the
ratio shows what the framework, templates and extra queries cost. SQL statements per request are
counted at the small size, at ten times the data and at a hundred times (a network of
authorities), where each page is timed again against its time at the small size.
"""

from __future__ import annotations

import statistics
import time

from flask import Flask
from sqlalchemy import create_engine, event, text

from bench.common import make_app, migrate, note, private_database, report, session_id_for
from bench.data import ASSEMBLIES, generate

ITERATIONS = {"quick": 20, "full": 100}

RAW_QUERIES = {
    "public_page": (
        "SELECT r.number, r.title, r.theme, r.current_decision, r.current_status, "
        "r.current_progress, r.next_report_due, a.name, a.description FROM recommendations r "
        "JOIN assemblies a ON a.id = r.assembly_id WHERE a.slug = :slug ORDER BY r.number"
    ),
    "recommendation": (
        "SELECT r.title, r.text, e.kind, e.published_at, e.decision, e.explanation, e.status, "
        "e.progress, e.summary FROM recommendations r JOIN assemblies a ON a.id = r.assembly_id "
        "LEFT JOIN response_entries e ON e.recommendation_id = r.id "
        "WHERE a.slug = :slug AND r.number = 1 ORDER BY e.published_at"
    ),
    "member_home": (
        "SELECT a.name, r.number, r.title, r.current_status, r.current_progress "
        "FROM follows f JOIN recommendations r ON r.id = f.recommendation_id "
        "JOIN assemblies a ON a.id = r.assembly_id WHERE f.user_id = :member ORDER BY a.name, r.number"
    ),
    "officer_tracker": (
        "SELECT a.name, r.number, r.title, r.current_decision, r.current_status, "
        "r.current_progress, r.next_report_due FROM recommendations r "
        "JOIN assemblies a ON a.id = r.assembly_id ORDER BY r.next_report_due, r.id LIMIT 50"
    ),
}


def _sign_in(client, app, user_id: int) -> None:
    """The cookie of a browser signed in as ``user_id``, in ``client``."""
    session_id = session_id_for(app, user_id)
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


def _time(call, iterations: int) -> float:
    for _ in range(3):
        call()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def _minimal_app(database_url: str, sizes: dict[str, int], params: dict) -> Flask:
    engine = create_engine(database_url, pool_size=2)
    app = Flask("minimal")

    @app.route("/hello")
    def hello():
        return "Hello, world!"

    def page(name):
        with engine.connect() as connection:
            rows = connection.execute(text(RAW_QUERIES[name]), params).all()
        body = "".join(
            "<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in rows
        )
        html = f"<!doctype html><html><body><table>{body}</table></body></html>"
        return html + " " * max(0, sizes[name] - len(html))

    for name in RAW_QUERIES:
        app.add_url_rule(f"/minimal/{name}", name, lambda name=name: page(name))
    return app


def _count_queries(app, client, url: str) -> int:
    from portal.extensions import db

    counted = []
    with app.app_context():
        engine = db.engine
    page_cache = app.extensions.get("page_cache")

    def count(*_args):
        counted.append(1)

    # Once a minute a signed-in request also notes the session as seen (two statements more);
    # a request just before keeps that out of the count, so counts compare across sizes.
    client.get(url)
    if page_cache is not None:
        page_cache.store.clear()  # count what rendering the page costs, not a cache hit
        page_cache.remembered.clear()  # and the tracker's filter choices read, not kept ones
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


def run(size: str) -> None:
    from portal.extensions import db

    iterations = ITERATIONS[size]
    with private_database("bench_pages") as url:
        app = make_app(url)
        migrate(app)
        with app.app_context():
            started = time.perf_counter()
            data = generate(ASSEMBLIES[size], prefix="a")
            note(f"pages: {data.rows} rows in {time.perf_counter() - started:.1f} s")
        slug = data.assembly_slugs[0]
        member = data.member_ids[0]
        officer = data.officer_ids[0]
        urls = {
            "public_page": (f"/assemblies/{slug}", None),
            "recommendation": (f"/assemblies/{slug}/recommendations/1", None),
            "member_home": ("/home", member),
            "officer_tracker": ("/tracker/", officer),
        }
        clients = {}
        for name, (_, user_id) in urls.items():
            client = app.test_client()
            if user_id:
                _sign_in(client, app, user_id)
            clients[name] = client

        sizes = {}
        for name, (address, _) in urls.items():
            response = clients[name].get(address)
            assert response.status_code == 200, (address, response.status_code)
            sizes[name] = len(response.data)
        minimal = _minimal_app(url, sizes, {"slug": slug, "member": member}).test_client()
        hello_ms = _time(lambda: minimal.get("/hello"), iterations)
        report("hello_ms", hello_ms)
        small_counts = {}
        small_ms = {}
        for name, (address, _) in urls.items():
            page_ms = _time(lambda c=clients[name], a=address: c.get(a), iterations)
            small_ms[name] = page_ms
            minimal_ms = _time(lambda n=name: minimal.get(f"/minimal/{n}"), iterations)
            report(f"{name}_ms", page_ms)
            report(f"{name}_vs_hello", page_ms / hello_ms)
            report(f"{name}_vs_minimal", page_ms / minimal_ms)
            small_counts[name] = _count_queries(app, clients[name], address)

        with app.app_context():
            started = time.perf_counter()
            more = generate(ASSEMBLIES[size] * 9, seed=2, prefix="b")
            note(f"pages: {more.rows} more rows in {time.perf_counter() - started:.1f} s")
        for name, (address, _) in urls.items():
            query_name = "public_assembly" if name == "public_page" else name
            report(f"queries_{query_name}_small", small_counts[name])
            report(f"queries_{query_name}_large", _count_queries(app, clients[name], address))

        # A network of authorities: 100 times the small size in all (full: 2,000 assemblies).
        with app.app_context():
            started = time.perf_counter()
            most = generate(ASSEMBLIES[size] * 90, seed=3, prefix="c")
            note(f"pages: {most.rows} more rows (100x) in {time.perf_counter() - started:.1f} s")
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        for name, (address, _) in urls.items():
            query_name = "public_assembly" if name == "public_page" else name
            report(f"queries_{query_name}_100x", _count_queries(app, clients[name], address))
            page_ms = _time(lambda c=clients[name], a=address: c.get(a), iterations)
            report(f"{name}_100x_ms", page_ms)
            report(f"{name}_100x_vs_small", page_ms / small_ms[name])
        with app.app_context():
            db.engine.dispose()

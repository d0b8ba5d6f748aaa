"""Download my data: the ZIP holds the person's records, and nobody else's."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from portal.rights.export import SECTIONS
from tests.rights.scene import build_scene
from tests.support.http import post_form, sign_in
from tests.support.queries import counting_queries
from tests.support.text import text_of


def download(app, user) -> zipfile.ZipFile:
    client = app.test_client()
    sign_in(client, user)
    response = post_form(client, "/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    return zipfile.ZipFile(io.BytesIO(response.data))


def _everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _own_words(person) -> list[str]:
    return [
        person.email,
        person.name,
        person.comment,
        person.reply,
        person.deleted_comment,
        person.verdict_reason,
        person.question,
        person.report_reason,
    ]


def test_each_persons_zip_holds_their_records_and_nobody_elses(app, app_context, deliver_mail):
    scene = build_scene(app)
    deliver_mail()
    for person, other in ((scene.first, scene.second), (scene.second, scene.first)):
        archive = download(app, person.user)
        assert sorted(archive.namelist()) == sorted(
            ["data.json", *[f"{section}.csv" for section in SECTIONS]]
        )
        everything = _everything(archive)
        for words in _own_words(person):
            assert words in everything, words
        for words in _own_words(other):
            assert words not in everything, words
        data = json.loads(archive.read("data.json"))
        assert data["account"][0]["email"] == person.email
        assert [m["assembly"] for m in data["memberships"]] == ["climate"]
        assert {c["text"] for c in data["comments"]} == {
            person.comment,
            person.reply,
            person.deleted_comment,
        }
        assert [v["reason"] for v in data["verdicts"]] == [person.verdict_reason]
        assert [q["question"] for q in data["questions"]] == [person.question]
        assert data["emails"], "the emails sent to them are listed"
        assert {e["to_address"] for e in data["emails"]} == {person.email}
        assert all("body" not in e for e in data["emails"])
        assert "password_hash" not in everything and "token_hash" not in everything
    first = json.loads(download(app, scene.first.user).read("data.json"))
    assert [(f["recommendation"], f["following"]) for f in first["follows"]] == [(1, False)]
    assert first["account"][0]["posting_suspended_at"] is None


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(app, app_context):
    scene = build_scene(app)
    client = app.test_client()
    sign_in(client, scene.first.user)
    formula = '=HYPERLINK("http://evil.example","Click")'
    post_form(client, scene.page + "/comments/new", {"body": formula})
    rows = list(
        csv.DictReader(io.StringIO(download(app, scene.first.user).read("comments.csv").decode()))
    )
    assert "'" + formula in [row["text"] for row in rows]
    assert all(not row["text"].startswith("=") for row in rows)


def test_the_page_explains_the_download_and_the_post_needs_its_csrf_token(app, app_context):
    scene = build_scene(app)
    client = app.test_client()
    sign_in(client, scene.first.user)
    page = text_of(client.get("/account/data"))
    assert "Download your data" in page and "data.json" in page
    assert "Download your data" in text_of(client.get("/account"))
    forged = client.post("/account/data", data={"csrf_token": "forged"})
    assert forged.mimetype == "text/html"
    assert client.post("/account/data").mimetype == "text/html"


def test_the_export_reads_a_fixed_number_of_queries(app, app_context):
    scene = build_scene(app)
    client = app.test_client()
    sign_in(client, scene.first.user)
    with counting_queries() as queries:
        post_form(client, "/account/data")
    small = len(queries)
    for n in range(5):
        post_form(client, scene.page + "/comments/new", {"body": f"Another thought, number {n}."})
    with counting_queries() as queries:
        post_form(client, "/account/data")
    assert len(queries) == small

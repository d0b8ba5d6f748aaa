"""Internal notes: staff, approvers and colleagues given the assembly write dated, signed notes."""

from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import InternalNote
from portal.tracker.notes import add_note
from tests.spreadsheets.support import csv_rows, upload_updates, xlsx_rows
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in
from tests.support.text import text_of
from tests.tracker.support import workspace_url


@pytest.fixture
def climate(app_context):
    lead = create_user(role="officer", name="Dev Patel")
    assembly = create_assembly("climate-2026", name="Climate Assembly", public=True)
    other = create_assembly("transport-2026", name="Transport Assembly", public=True)
    recommendation = create_recommendation(assembly, 1, title="Insulate schools", lead_officer=lead)
    elsewhere = create_recommendation(other, 1, title="Free buses", lead_officer=lead)
    return {"lead": lead, "recommendation": recommendation, "elsewhere": elsewhere}


def notes_url(recommendation) -> str:
    return workspace_url(recommendation) + "/notes"


def test_an_officer_adds_a_note_that_is_dated_signed_and_shown_on_the_recommendation(
    client, climate
):
    recommendation = climate["recommendation"]
    sign_in(client, climate["lead"])
    response = post_form(
        client,
        notes_url(recommendation),
        {"note_body": "Budget **not** agreed yet.\n\n- ask finance\n- ask the leader"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your note has been added." in page
    assert "Dev Patel on " in text_of(page)
    assert "<strong>not</strong>" in page
    assert "<li>ask finance</li>" in page
    workspace = client.get(workspace_url(recommendation)).get_data(as_text=True)
    assert "Internal notes (1)" in workspace
    assert "<strong>not</strong>" in workspace

    [note] = db.session.scalars(db.select(InternalNote)).all()
    assert note.author_name == "Dev Patel"
    assert note.recommendation_id == recommendation.id


def test_markup_typed_into_a_note_is_never_run(client, climate):
    sign_in(client, climate["lead"])
    post_form(
        client,
        notes_url(climate["recommendation"]),
        {
            "note_body": "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=y>"
        },
    )
    page = client.get(notes_url(climate["recommendation"])).get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert "<img" not in page


def test_an_empty_or_overlong_note_comes_back_with_the_error_summary(client, climate):
    sign_in(client, climate["lead"])
    empty = post_form(client, notes_url(climate["recommendation"]), {"note_body": "   "})
    assert empty.status_code == 200
    assert "There is a problem" in text_of(empty)
    assert "Enter your note" in text_of(empty)
    assert "<title>Error: " in empty.get_data(as_text=True)
    long = post_form(client, notes_url(climate["recommendation"]), {"note_body": "x" * 5001})
    assert "Your note must be 5,000 characters or fewer" in text_of(long)
    assert db.session.scalar(db.select(db.func.count(InternalNote.id))) == 0


def test_a_colleague_reads_and_adds_notes_only_for_the_assemblies_they_are_given(client, climate):
    recommendation = climate["recommendation"]
    colleague = create_user(
        role="colleague", name="Cllr Priya Shah", assemblies=[recommendation.assembly]
    )
    sign_in(client, colleague)
    response = post_form(client, notes_url(recommendation), {"note_body": "Raised at cabinet."})
    assert response.status_code == 302
    assert "Cllr Priya Shah on " in text_of(client.get(notes_url(recommendation)))
    assert client.get(notes_url(climate["elsewhere"])).status_code == 404
    refused = post_form(client, notes_url(climate["elsewhere"]), {"note_body": "Sneaky."})
    assert refused.status_code == 404


def test_members_can_neither_read_nor_add_notes(client, climate):
    recommendation = climate["recommendation"]
    member = create_user(role="member", assemblies=[recommendation.assembly])
    sign_in(client, member)
    assert client.get(notes_url(recommendation)).status_code == 403
    assert post_form(client, notes_url(recommendation), {"note_body": "Hi"}).status_code == 403
    with pytest.raises(PermissionError):
        add_note(recommendation, member, "Written from a command")


def test_a_note_keeps_its_signature_when_its_author_is_deleted(client, climate):
    author = create_user(role="officer", name="Sam Leaving")
    add_note(climate["recommendation"], author, "Handing over to Dev.")
    db.session.commit()
    db.session.delete(author)
    db.session.commit()
    sign_in(client, climate["lead"])
    assert "Sam Leaving on " in text_of(client.get(notes_url(climate["recommendation"])))


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_staff_export_has_the_latest_note_and_an_upload_of_it_changes_nothing(
    client, climate, extension
):
    recommendation = climate["recommendation"]
    lead = climate["lead"]
    add_note(recommendation, lead, "First thoughts.")
    add_note(recommendation, lead, '=HYPERLINK("http://evil.example") the latest word')
    db.session.commit()
    sign_in(client, lead)
    exported = client.get(f"/tracker/export.{extension}?assembly=climate-2026").data
    rows = csv_rows(exported) if extension == "csv" else xlsx_rows(exported)
    [row] = rows
    cell = row["latest_internal_note"]
    assert cell.endswith(', Dev Patel: =HYPERLINK("http://evil.example") the latest word')
    assert not cell.startswith(("=", "+", "-", "@"))
    assert "First thoughts" not in cell

    page = text_of(upload_updates(client, exported, f"tracker.{extension}"))
    assert "Nothing to publish: every row is the same as the tracker." in page

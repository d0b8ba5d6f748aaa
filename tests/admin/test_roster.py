import io
import re

from portal.extensions import db
from portal.models import Invitation, OutboxMessage
from tests.jobs.support import job_id_from, run_jobs
from tests.support.data import create_assembly, create_user
from tests.support.http import post_form, sign_in


def _upload(client, content: bytes, filename="roster.csv"):
    return post_form(
        client,
        "/admin/invitations/upload",
        {"roster": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _confirm(client, preview_page: str):
    upload_id = re.search(r'name="upload_id" type="hidden" value="([0-9a-f]+)"', preview_page)
    upload_id = upload_id or re.search(r'value="([0-9a-f]{32})"', preview_page)
    return post_form(client, "/admin/invitations/upload/confirm", {"upload_id": upload_id.group(1)})


def _signed_in_organiser(client):
    sign_in(client, create_user("olivia@council.example", role="organiser"))


def _invitation_count():
    return db.session.scalar(db.select(db.func.count(Invitation.id)))


def test_a_good_roster_is_previewed_then_everyone_is_invited(
    client, app_context, smtp, deliver_mail
):
    create_assembly("climate", name="Climate Assembly")
    _signed_in_organiser(client)
    roster = (
        "\ufeffname,email,role,assembly\n"
        "Siobhán O’Neill,siobhan@example.org,member,climate\n"
        "Zoë “Zee” Ahmed,ZOE@example.org,,Climate Assembly\n"
        "Sarah Whitfield,sarah@council.example,officer,\n"
    ).encode()
    preview = _upload(client, roster)
    page = preview.get_data(as_text=True)
    assert "Check the roster before sending invitations" in page
    assert "Siobhán O’Neill" in page and "Zoë “Zee” Ahmed" in page
    assert "Send 3 invitations" in page
    assert _invitation_count() == 0
    assert _confirm(client, page).status_code == 302
    names = set(db.session.scalars(db.select(Invitation.name)))
    assert names == {"Siobhán O’Neill", "Zoë “Zee” Ahmed", "Sarah Whitfield"}
    assert (
        db.session.scalar(db.select(Invitation.email).where(Invitation.name.like("Zo%")))
        == "zoe@example.org"
    )
    deliver_mail()
    assert len(smtp.messages) == 3


def test_rows_with_problems_are_listed_by_row_number_and_nobody_is_invited(client, app_context):
    create_assembly("climate")
    create_user("taken@example.org", role="officer")
    _signed_in_organiser(client)
    roster = (
        b"name,email,role,assembly\n"
        b"Good Person,good@example.org,member,climate\n"
        b"Bad Email,not-an-email,member,climate\n"
        b"Twin One,twin@example.org,member,climate\n"
        b"Twin Two,TWIN@example.org,member,climate\n"
        b"Lost Person,lost@example.org,member,no-such-assembly\n"
        b"Taken,taken@example.org,officer,\n"
        b"Wrong Role,role@example.org,mayor,climate\n"
    )
    page = _upload(client, roster).get_data(as_text=True)
    assert "There is a problem with 5 rows" in page
    assert "Row 3: Enter an email address in the correct format" in page
    assert "Row 5: Same email address as row 4" in page
    assert "Row 6: No assembly called ‘no-such-assembly’" in page
    assert "Row 7: Already has an account" in page
    assert "Row 8: Role must be member, officer, organiser, approver, colleague or partner" in page
    assert "Send" not in re.sub(r"<title>.*?</title>", "", page).split("Rows in the file")[1]
    assert _invitation_count() == 0


def test_a_roster_with_the_wrong_columns_is_refused(client, app_context):
    _signed_in_organiser(client)
    page = _upload(client, b"full name,e-mail\nA,a@example.org\n").get_data(as_text=True)
    assert "The first row must name the columns: name,email,role,assembly" in page
    assert "govuk-error-summary" in page


def test_a_roster_that_is_not_utf8_is_refused_with_advice(client, app_context):
    _signed_in_organiser(client)
    content = "name,email,role,assembly\nJosé,jose@example.org,officer,\n".encode("latin-1")
    page = _upload(client, content).get_data(as_text=True)
    assert "must be saved as UTF-8" in page
    assert _invitation_count() == 0


def test_an_empty_roster_is_refused(client, app_context):
    _signed_in_organiser(client)
    assert "The selected file is empty" in _upload(client, b"").get_data(as_text=True)
    assert "has no rows" in _upload(client, b"name,email,role,assembly\n").get_data(as_text=True)


def test_a_10_mb_roster_is_refused_with_a_clear_message(client, app_context):
    _signed_in_organiser(client)
    content = b"name,email,role,assembly\n" + b"x" * (10 * 1024 * 1024)
    response = _upload(client, content)
    assert response.status_code == 200
    assert "must be smaller than 2 MB" in response.get_data(as_text=True)
    assert _invitation_count() == 0


def test_a_binary_file_is_refused(client, app_context):
    _signed_in_organiser(client)
    page = _upload(client, b"PK\x03\x04\x00\x00binary", "roster.xlsx").get_data(as_text=True)
    assert "must be a CSV file" in page


def test_no_file_chosen_gets_a_message(client, app_context):
    _signed_in_organiser(client)
    response = post_form(
        client, "/admin/invitations/upload", {}, content_type="multipart/form-data"
    )
    assert "Select a CSV file" in response.get_data(as_text=True)


def test_a_confirmed_upload_cannot_be_imported_twice(client, app_context):
    create_assembly("climate")
    _signed_in_organiser(client)
    page = _upload(
        client, b"name,email,role,assembly\nA Person,a@example.org,member,climate\n"
    ).get_data(as_text=True)
    _confirm(client, page)
    again = _confirm(client, page)
    assert again.status_code == 302
    assert _invitation_count() == 1


def test_if_something_changed_since_the_preview_nothing_is_imported(client, app_context):
    create_assembly("climate")
    _signed_in_organiser(client)
    page = _upload(
        client,
        b"name,email,role,assembly\nA Person,a@example.org,member,climate\nB Person,b@example.org,member,climate\n",
    ).get_data(as_text=True)
    create_user("b@example.org", role="officer")
    response = _confirm(client, page)
    assert response.status_code == 302
    assert _invitation_count() == 0
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_a_big_roster_is_invited_by_a_background_job_followed_on_its_page(
    app, client, app_context, smtp, deliver_mail, monkeypatch
):
    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 2)
    create_assembly("climate", name="Climate Assembly")
    _signed_in_organiser(client)
    roster = "name,email,role,assembly\n" + "".join(
        f"Person {number},person{number}@example.org,member,climate\n" for number in range(1, 6)
    )
    page = _upload(client, roster.encode()).get_data(as_text=True)
    response = _confirm(client, page)
    job_id = job_id_from(response.headers["Location"])
    assert _invitation_count() == 0
    assert "0 of 5 people invited" in client.get(f"/jobs/{job_id}").get_data(as_text=True)

    run_jobs(app)

    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "5 invitations have been sent." in done
    assert "Back to invitations" in done
    assert _invitation_count() == 5
    deliver_mail()
    assert len(smtp.messages) == 5


def test_a_roster_job_that_finds_an_address_taken_meanwhile_invites_nobody(
    app, client, app_context, monkeypatch
):
    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 0)
    create_assembly("climate", name="Climate Assembly")
    _signed_in_organiser(client)
    roster = b"name,email,role,assembly\nAna,ana@example.org,officer,\nBo,bo@example.org,officer,\n"
    page = _upload(client, roster).get_data(as_text=True)
    job_id = job_id_from(_confirm(client, page).headers["Location"])
    create_user("bo@example.org", role="officer")  # an account appears after the preview

    run_jobs(app)

    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Nobody was invited, because something changed since you checked the file" in done
    assert "bo@example.org" in done
    assert _invitation_count() == 0


def test_the_import_roster_command_invites_everyone_with_a_progress_bar(
    runner, app_context, tmp_path
):
    create_assembly("climate", name="Climate Assembly")
    create_user("olivia@council.example", role="organiser")
    file = tmp_path / "roster.csv"
    file.write_bytes(
        b"name,email,role,assembly\nAna,ana@example.org,member,climate\nBo,bo@example.org,,climate\n"
    )
    result = runner.invoke(args=["import-roster", str(file), "--as", "olivia@council.example"])
    assert result.exit_code == 0, result.output
    assert "Sending invitations" in result.output
    assert "Sent 2 invitations." in result.output
    assert _invitation_count() == 2


def test_the_import_roster_command_refuses_a_bad_row_in_one_line_and_invites_nobody(
    runner, app_context, tmp_path
):
    create_user("olivia@council.example", role="organiser")
    file = tmp_path / "roster.csv"
    file.write_bytes(b"name,email,role,assembly\nAna,not-an-email,officer,\n")
    result = runner.invoke(args=["import-roster", str(file), "--as", "olivia@council.example"])
    assert result.exit_code == 1
    assert "Error: Nobody was invited. Row 2:" in result.output
    assert _invitation_count() == 0
    result = runner.invoke(args=["import-roster", str(file), "--as", "nobody@council.example"])
    assert result.exit_code == 1
    assert "is not an active organiser's account" in result.output

"""Organisers import an assembly's recommendations from a CSV: preview, row errors, confirm."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Recommendation
from tests.jobs.support import job_id_from, run_jobs
from tests.spreadsheets.support import (
    RECOMMENDATION_HEADER,
    confirm,
    csv_bytes,
    recommendations_csv,
    upload,
    upload_id_in,
    upload_recommendations,
)
from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import post_form, sign_in

CONFIRM = "/tracker/import-recommendations/confirm"


def _organiser(client):
    organiser = create_user("olu@northbridge.example", role="organiser", name="Olu Adeyemi")
    sign_in(client, organiser)
    return organiser


def _numbers(assembly) -> list[int]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Recommendation.number)
            .where(Recommendation.assembly_id == assembly.id)
            .order_by(Recommendation.number)
        )
    )


def test_an_organiser_checks_the_preview_then_adds_every_recommendation(client, app_context):
    _organiser(client)
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    lead = create_user("siobhan@northbridge.example", role="officer", name="Siobhán Ó Briain")
    data = recommendations_csv(
        [1, "Insulate every council home", "All homes by 2030.", "Homes", "92", "Housing", ""],
        [
            2,
            "Make the “school street” scheme permanent",
            "Zoë’s proposal, with café owners’ support.",
            "Travel",
            "",
            "Transport",
            "SIOBHAN@northbridge.example",
        ],
    )
    preview = upload_recommendations(client, assembly, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Check the recommendations before adding them to Climate Assembly" in page
    assert "Make the “school street” scheme permanent" in page
    assert "Add 2 recommendations" in page
    assert _numbers(assembly) == [], "nothing is added before confirming"

    done = confirm(client, CONFIRM, page)
    assert "2 recommendations were added to Climate Assembly" in done.get_data(as_text=True)
    second = db.session.scalar(select(Recommendation).where(Recommendation.number == 2))
    assert second.title == "Make the “school street” scheme permanent"
    assert second.text == "Zoë’s proposal, with café owners’ support."
    assert second.lead_officer_id == lead.id
    assert second.support is None
    assert second.next_report_due == assembly.effective_first_response_due
    first = db.session.scalar(select(Recommendation).where(Recommendation.number == 1))
    assert (first.support, first.lead_officer_id, first.lead_department) == (92, None, "Housing")


def test_a_file_is_read_the_same_with_or_without_a_byte_order_mark(client, app_context):
    _organiser(client)
    with_bom = create_assembly("with-bom")
    without_bom = create_assembly("without-bom")
    row = [1, "Łódź-style tram priority", "", "Travel", "", "", ""]
    for assembly, bom in ((with_bom, True), (without_bom, False)):
        page = upload_recommendations(client, assembly, recommendations_csv(row, bom=bom))
        confirm(client, CONFIRM, page.get_data(as_text=True))
    titles = db.session.scalars(select(Recommendation.title)).all()
    assert titles == ["Łódź-style tram priority", "Łódź-style tram priority"]


def test_wrong_columns_are_refused_saying_which_are_missing_and_which_are_not_expected(
    client, app_context
):
    _organiser(client)
    assembly = create_assembly()
    data = csv_bytes([["number", "title", "description"], [1, "Trees", "More trees"]])
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "The first row must name the columns: number,title,text,theme" in page
    assert "Missing: text, theme, support, lead_department, lead_officer_email" in page
    assert "Not expected: description" in page
    assert "There is a problem" in page


def test_a_number_used_twice_in_the_file_is_an_error_naming_both_rows(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        [4, "Trees", "", "", "", "", ""],
        [5, "Buses", "", "", "", "", ""],
        [4, "More trees", "", "", "", "", ""],
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 4: Number 4 is also used in row 2" in page
    assert "Add 3" not in page
    assert _numbers(assembly) == []


def test_a_number_the_assembly_already_has_is_an_error(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    create_recommendation(assembly, 3)
    data = recommendations_csv([3, "Again", "", "", "", "", ""])
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 2: Recommendation 3 already exists in this assembly" in page


def test_a_number_that_is_not_a_whole_number_is_an_error(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        ["4a", "Trees", "", "", "", "", ""],
        ["2.5", "Buses", "", "", "", "", ""],
        ["", "Bikes", "", "", "", "", ""],
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 2: Number must be a whole number from 1 to 99999, like 7 (not ‘4a’)" in page
    assert "Row 3: Number must be a whole number from 1 to 99999, like 7 (not ‘2.5’)" in page
    assert "Row 4: Enter the recommendation’s number" in page


def test_an_empty_title_is_an_error(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv([1, "   ", "Some text", "", "", "", ""])
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 2: Enter a title" in page


def test_support_must_be_a_whole_number_from_0_to_100(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        [1, "A", "", "", "101", "", ""],
        [2, "B", "", "", "-1", "", ""],
        [3, "C", "", "", "lots", "", ""],
        [4, "D", "", "", "85%", "", ""],
        [5, "E", "", "", "0", "", ""],
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 2: Support must be a whole number from 0 to 100, like 85 or 85% (not ‘101’)" in page
    assert "Row 3: Support must be a whole number from 0 to 100" in page
    assert "Row 4: Support must be a whole number from 0 to 100" in page
    assert "Row 5:" not in page
    assert "Row 6:" not in page


def test_an_unknown_lead_officer_email_is_an_error(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        [1, "A", "", "", "", "", "nobody@northbridge.example"],
        [2, "B", "", "", "", "", "not an email"],
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "Row 2: No account uses the lead officer email nobody@northbridge.example" in page
    assert "Row 3: Lead officer email ‘not an email’ is not a valid email address" in page


def test_a_member_cannot_be_made_a_lead_officer(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    create_user("member@example.org", assemblies=[assembly])
    data = recommendations_csv([1, "A", "", "", "", "", "member@example.org"])
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert (
        "Row 2: member@example.org is not a council officer or organiser, "
        "so cannot lead a recommendation" in page
    )


def test_one_bad_row_means_nothing_is_imported_and_there_is_no_confirm_button(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        [1, "Good", "", "", "", "", ""],
        [2, "", "", "", "", "", ""],
        [3, "Also good", "", "", "", "", ""],
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "There is a problem with 1 row" in page
    assert "Nothing has been imported" in page
    assert 'name="upload_id"' not in page
    assert _numbers(assembly) == []


def test_a_10_mb_file_gets_a_clear_message_not_a_server_error(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    row = ",".join(["1", "x" * 200, "y" * 2000, "", "", "", ""]) + "\n"
    data = (",".join(RECOMMENDATION_HEADER) + "\n" + row * 5000).encode()
    assert len(data) > 10 * 1024 * 1024
    response = upload_recommendations(client, assembly, data)
    assert response.status_code == 200
    assert "The selected file must be smaller than 5 MB" in response.get_data(as_text=True)


def test_a_file_not_saved_as_utf8_gets_a_clear_message(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv([1, "Café culture", "", "", "", "", ""], bom=False)
    latin1 = data.decode("utf-8").encode("latin-1")
    page = upload_recommendations(client, assembly, latin1).get_data(as_text=True)
    assert "The selected file must be saved as UTF-8" in page
    assert "CSV UTF-8" in page


def test_an_empty_file_gets_a_clear_message(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    page = upload_recommendations(client, assembly, b"").get_data(as_text=True)
    assert "The selected file is empty" in page
    header_only = csv_bytes([RECOMMENDATION_HEADER])
    page = upload_recommendations(client, assembly, header_only).get_data(as_text=True)
    assert "The selected file has no rows under the column names" in page


def test_formula_like_titles_and_html_are_kept_exactly_as_typed_and_shown_as_text(
    client, app_context
):
    _organiser(client)
    assembly = create_assembly()
    data = recommendations_csv(
        [1, "+20% tree cover", '=HYPERLINK("http://evil.example")', "-", "", "@Parks", ""],
        [2, "<script>alert('x')</script> buses", "<b>bold</b> & more", "", "", "", ""],
    )
    preview = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "<script>alert" not in preview
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; buses" in preview
    confirm(client, CONFIRM, preview)
    by_number = {r.number: r for r in db.session.scalars(select(Recommendation))}
    assert by_number[1].title == "+20% tree cover"
    assert by_number[1].text == '=HYPERLINK("http://evil.example")'
    assert by_number[1].theme == "-"
    assert by_number[1].lead_department == "@Parks"
    assert by_number[2].title == "<script>alert('x')</script> buses"
    assert by_number[2].text == "<b>bold</b> & more"


def test_confirming_the_same_preview_twice_imports_it_once(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    page = upload_recommendations(
        client, assembly, recommendations_csv([1, "Trees", "", "", "", "", ""])
    ).get_data(as_text=True)
    confirm(client, CONFIRM, page)
    again = confirm(client, CONFIRM, page).get_data(as_text=True)
    assert "That upload has already been used or has expired" in again
    assert db.session.scalar(select(func.count(Recommendation.id))) == 1


def test_if_a_number_is_taken_after_the_preview_nothing_is_imported(client, app_context):
    _organiser(client)
    assembly = create_assembly()
    page = upload_recommendations(
        client,
        assembly,
        recommendations_csv([1, "Trees", "", "", "", "", ""], [2, "Buses", "", "", "", "", ""]),
    ).get_data(as_text=True)
    create_recommendation(assembly, 2, title="Added meanwhile")
    done = confirm(client, CONFIRM, page).get_data(as_text=True)
    assert "Nothing was imported, because something changed since you checked the file" in done
    assert "Row 3: Recommendation 2 already exists in this assembly" in done
    assert _numbers(assembly) == [2]


def test_the_assembly_must_be_chosen(client, app_context):
    _organiser(client)
    create_assembly()
    page = upload(
        client,
        "/tracker/import-recommendations",
        "recommendations",
        recommendations_csv([1, "Trees", "", "", "", "", ""]),
        "r.csv",
        assembly="",
    ).get_data(as_text=True)
    assert "Choose the assembly the recommendations belong to" in page


def test_the_import_page_can_open_with_an_assembly_already_chosen(client, app_context):
    _organiser(client)
    create_assembly("climate-2026", name="Climate Assembly")
    page = client.get("/tracker/import-recommendations?assembly=climate-2026").get_data(
        as_text=True
    )
    assert '<option value="climate-2026" selected>Climate Assembly</option>' in page


def test_rows_without_a_lead_can_be_imported_but_the_preview_warns_about_each_by_row(
    client, app_context
):
    from tests.support.text import text_of as visible_text

    _organiser(client)
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    create_user("siobhan@northbridge.example", role="officer", name="Siobhán Ó Briain")
    data = recommendations_csv(
        [1, "Insulate every council home", "", "Homes", "", "Housing", ""],
        [2, "School streets", "", "Travel", "", "Transport", "siobhan@northbridge.example"],
        [3, "More bus lanes", "", "Travel", "", "", ""],
    )
    preview = upload_recommendations(client, assembly, data)
    page = preview.get_data(as_text=True)
    text = visible_text(page)

    assert (
        "2 recommendations have no lead officer. You can add them and choose their leads later."
        in text
    )
    assert "Row 2 has no lead officer." in text  # row 1 of the file is its column names
    assert "Row 4 has no lead officer." in text
    assert "Row 3 has no lead officer." not in text
    assert "govuk-error-summary" not in page, "a warning, not an error"
    assert "Add 3 recommendations" in page

    confirm(client, CONFIRM, page)
    assert _numbers(assembly) == [1, 2, 3]
    leads = db.session.scalars(
        select(Recommendation.lead_officer_id).order_by(Recommendation.number)
    ).all()
    assert leads[0] is None and leads[1] is not None and leads[2] is None
    public = client.get("/assemblies/climate-2026/recommendations/3").get_data(as_text=True)
    assert "No lead assigned yet" in visible_text(public)


def test_one_row_without_a_lead_is_warned_about_in_the_singular(client, app_context):
    _organiser(client)
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    data = recommendations_csv([1, "Insulate every council home", "", "Homes", "", "", ""])
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    assert "1 recommendation has no lead officer. You can add it and choose its lead later." in page
    assert "Row 2 has no lead officer." in page


def test_a_big_import_is_added_by_a_background_job_followed_on_its_page(
    app, client, app_context, monkeypatch
):

    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 0)
    _organiser(client)
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    data = recommendations_csv(
        *[[number, f"Recommendation {number}", "", "", "", "", ""] for number in (1, 2, 3)]
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)

    response = post_form(client, CONFIRM, {"upload_id": upload_id_in(page)})
    job_id = job_id_from(response.headers["Location"])
    waiting = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Importing recommendations" in waiting and "0 of 3 recommendations added" in waiting
    assert _numbers(assembly) == []

    run_jobs(app)

    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "3 recommendations were added to Climate Assembly." in done
    assert 'href="/tracker/import-recommendations?assembly=climate-2026"' in done
    assert _numbers(assembly) == [1, 2, 3]


def test_an_import_job_that_finds_a_number_taken_meanwhile_adds_nothing(
    app, client, app_context, monkeypatch
):

    monkeypatch.setitem(app.config, "JOBS_INLINE_MAX_ROWS", 0)
    _organiser(client)
    assembly = create_assembly("climate-2026", name="Climate Assembly")
    data = recommendations_csv(
        *[[number, f"Recommendation {number}", "", "", "", "", ""] for number in (1, 2)]
    )
    page = upload_recommendations(client, assembly, data).get_data(as_text=True)
    job_id = job_id_from(
        post_form(client, CONFIRM, {"upload_id": upload_id_in(page)}).headers["Location"]
    )
    create_recommendation(assembly, 2, title="Added by hand meanwhile")

    run_jobs(app)

    done = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Nothing was imported, because something changed since you checked the file" in done
    assert "Recommendation 2 already exists in this assembly" in done
    assert _numbers(assembly) == [2]

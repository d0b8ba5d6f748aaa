"""Organisers choose, per assembly, what an approver must sign off before it is published."""

import re

from portal.extensions import db
from portal.models import Assembly
from tests.support.data import create_assembly, create_user, fresh
from tests.support.http import post_form, sign_in

FORM = {
    "name": "Climate Assembly",
    "slug": "climate-2026",
    "update_cadence_months": "12",
    "question_answer_days": "20",
    "topic_question": "How should Northbridge reach net zero?",
    "description": "",
}


def _ticked(page: str) -> dict[str, bool]:
    """Each sign-off checkbox on the page, and whether it is ticked."""
    inputs = re.findall(r"<input[^>]*name=\"(sign_off_\w+)\"[^>]*>", page)
    tags = re.findall(r"<input[^>]*name=\"sign_off_\w+\"[^>]*>", page)
    return {name: " checked" in tag for name, tag in zip(inputs, tags, strict=True)}


def _assembly(slug: str) -> Assembly:
    return db.session.scalar(db.select(Assembly).where(Assembly.slug == slug))


def test_the_new_assembly_form_offers_decisions_and_reports_ticked_and_updates_not(
    client, app_context
):
    sign_in(client, create_user(role="organiser"))
    page = client.get("/admin/assemblies/new").get_data(as_text=True)
    assert _ticked(page) == {
        "sign_off_decisions": True,
        "sign_off_updates": False,
        "sign_off_reports": True,
    }


def test_an_organiser_saves_the_sign_off_settings_they_tick(client, app_context):
    sign_in(client, create_user(role="organiser"))
    response = post_form(
        client, "/admin/assemblies/new", {**FORM, "sign_off_updates": "y", "sign_off_reports": "y"}
    )
    assert response.status_code == 302
    assembly = _assembly("climate-2026")
    assert (assembly.sign_off_decisions, assembly.sign_off_updates, assembly.sign_off_reports) == (
        False,
        True,
        True,
    )


def test_the_edit_form_shows_and_changes_the_current_settings(client, app_context):
    assembly = create_assembly("climate", sign_off_updates=True)
    sign_in(client, create_user(role="organiser"))
    page = client.get("/admin/assemblies/climate/edit").get_data(as_text=True)
    assert _ticked(page) == {
        "sign_off_decisions": False,
        "sign_off_updates": True,
        "sign_off_reports": False,
    }
    post_form(client, "/admin/assemblies/climate/edit", {**FORM, "slug": "climate"})
    assembly = fresh(assembly)
    assert not (assembly.sign_off_decisions or assembly.sign_off_updates)


def test_an_assembly_made_without_settings_needs_no_sign_off(app_context):
    assembly = create_assembly()
    assert not (assembly.sign_off_decisions or assembly.sign_off_updates)
    assert not assembly.sign_off_reports


def test_create_assembly_needs_no_sign_off_without_the_option(runner, app_context):
    result = runner.invoke(args=["create-assembly", "climate", "--name", "Climate"])
    assert result.exit_code == 0, result.output
    assembly = _assembly("climate")
    assert not (assembly.sign_off_decisions or assembly.sign_off_updates)
    assert not assembly.sign_off_reports


def test_create_assembly_turns_on_sign_off_for_the_kinds_it_names(runner, app_context):
    result = runner.invoke(
        args=["create-assembly", "climate", "--name", "Climate", "--sign-off", "decisions, updates"]
    )
    assert result.exit_code == 0, result.output
    assembly = _assembly("climate")
    assert (assembly.sign_off_decisions, assembly.sign_off_updates, assembly.sign_off_reports) == (
        True,
        True,
        False,
    )


def test_create_assembly_refuses_a_kind_it_does_not_know_in_one_line(runner, app_context):
    result = runner.invoke(
        args=["create-assembly", "climate", "--name", "Climate", "--sign-off", "decisions,minutes"]
    )
    assert result.exit_code != 0
    assert "minutes" in result.output and "decisions, reports and updates" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _assembly("climate") is None


def test_a_new_assembly_posted_without_its_optional_text_fields_is_saved_not_a_500(
    client, app_context
):
    sign_in(client, create_user(role="organiser"))
    bare = {
        key: value for key, value in FORM.items() if key not in ("topic_question", "description")
    }
    response = post_form(client, "/admin/assemblies/new", bare)
    assert response.status_code == 302
    saved = _assembly("climate-2026")
    assert (saved.topic_question, saved.description) == ("", "")

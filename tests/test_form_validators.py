"""Every custom validator on every portal form raises ``ValidationError`` on bad data.

WTForms 3 turns only ``ValidationError`` (and ``StopValidation``) into a message on the field:
a validator raising ``ValueError`` or anything else is a server error. This walks every subclass
of the portal's base form, finds its inline ``validate_<field>`` methods and the validator
callables written in ``portal``, and feeds each the bad data listed here. A new custom validator
without bad data listed here fails the first test.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

import portal
from portal.forms import PortalForm


def _all_form_classes() -> list[type[PortalForm]]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.rsplit(".", 1)[-1].endswith("forms"):
            importlib.import_module(module.name)
    found, todo = [], [PortalForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass.__module__.startswith("portal.") and subclass not in found:
                found.append(subclass)
            todo.append(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _unbound_fields(form_class) -> dict:
    return {
        name: value
        for name, value in inspect.getmembers(form_class)
        if hasattr(value, "field_class") and hasattr(value, "kwargs")
    }


def custom_validators() -> list[tuple[type, str, str]]:
    """(form class, field name, validator name) for every validator the portal wrote."""
    found = []
    for form_class in _all_form_classes():
        fields = _unbound_fields(form_class)
        for name in fields:
            if callable(getattr(form_class, f"validate_{name}", None)):
                found.append((form_class, name, f"validate_{name}"))
        for name, unbound in fields.items():
            for validator in unbound.kwargs.get("validators") or []:
                if type(validator).__module__.startswith("portal"):
                    found.append((form_class, name, type(validator).__name__))
    return found


def _label(form_class, field, validator) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}.{field}:{validator}"


def _form_with_choices(form):
    if "assembly" in form._fields and hasattr(form.assembly, "choices"):
        form.assembly.choices = [SelectChoice("", "Choose"), SelectChoice("1", "Assembly A")]
    if "recommendations" in form._fields:
        form.recommendations.choices = [SelectChoice(7, "Recommendation 7")]
    if "organisation" in form._fields and hasattr(form.organisation, "choices"):
        form.organisation.choices = [SelectChoice("", "None"), SelectChoice("3", "Organisation")]
    return form


# validator -> bad form data (each a separate try); the same data with fixes is in GOOD_DATA.
BAD_DATA = {
    "AssemblyForm.ends_on:validate_ends_on": [
        {"starts_on": ["10", "6", "2026"], "ends_on": ["9", "6", "2026"]},
    ],
    "AssemblyForm.concluded_on:validate_concluded_on": [
        {"ends_on": ["10", "6", "2026"], "concluded_on": ["9", "6", "2026"]},
        {"starts_on": ["10", "6", "2026"], "concluded_on": ["1", "6", "2026"]},
    ],
    "AssemblyForm.first_response_due:validate_first_response_due": [
        {"concluded_on": ["10", "6", "2026"], "first_response_due": ["10", "6", "2026"]},
        {"concluded_on": ["10", "6", "2026"], "first_response_due": ["1", "1", "2020"]},
    ],
    "InviteForm.email:ValidEmail": [{"email": ""}, {"email": "not an address"}],
    "EmailOnlyForm.email:ValidEmail": [{"email": "a@b@c"}],
    "ChangeEmailForm.email:ValidEmail": [{"email": "name@"}],
    "SubscribeForm.email:ValidEmail": [{"email": ""}, {"email": "resident at example.org"}],
    "SignForm.contact_email:ValidEmail": [
        {"contact_email": ""},
        {"contact_email": "press office at example.org"},
    ],
    "SetPasswordForm.password:NewPassword": [{"password": "short"}, {"password": "password1234"}],
    "AcceptInvitationForm.password:NewPassword": [{"password": ""}],
    "ChangePasswordForm.password:NewPassword": [
        {"password": "aaaaaaaaaaaaaa"},
        {"password": "x" * 1000},
    ],
    "BulletinForm.assembly:validate_assembly": [
        {"audience": "assembly", "assembly": ""},
        {"audience": "assembly", "assembly": "99"},
    ],
    "BulletinForm.recommendations:validate_recommendations": [
        {"audience": "recommendations"},
        {"audience": "recommendations", "recommendations": "8"},
    ],
    "SentEmailSearchForm.to_date:validate_to_date": [
        {"from_date": ["2", "2", "2026"], "to_date": ["1", "2", "2026"]},
    ],
    "ScheduleForm.send_at:TimeOfDay": [
        {"send_at": "25:00"},
        {"send_at": "9"},
        {"send_at": "13pm"},
        {"send_at": "soon"},
    ],
    "DecisionPointForm.starts_at:_TimeOfDay": [
        {"starts_at": "24:00"},
        {"starts_at": "6"},
        {"starts_at": "half six"},
    ],
}

GOOD_DATA = {
    "AssemblyForm.ends_on:validate_ends_on": {
        "starts_on": ["10", "6", "2026"],
        "ends_on": ["10", "6", "2026"],
    },
    "AssemblyForm.concluded_on:validate_concluded_on": {
        "starts_on": ["1", "6", "2026"],
        "ends_on": ["10", "6", "2026"],
        "concluded_on": ["10", "6", "2026"],
    },
    "AssemblyForm.first_response_due:validate_first_response_due": {
        "concluded_on": ["10", "6", "2026"],
        "first_response_due": ["11", "6", "2026"],
    },
    "InviteForm.email:ValidEmail": {"email": "Someone@Example.org"},
    "EmailOnlyForm.email:ValidEmail": {"email": "someone@example.org"},
    "ChangeEmailForm.email:ValidEmail": {"email": "someone@example.org"},
    "SubscribeForm.email:ValidEmail": {"email": "Resident@Example.org"},
    "SignForm.contact_email:ValidEmail": {"contact_email": "Press@Example.org"},
    "SetPasswordForm.password:NewPassword": {"password": "correct horse battery"},
    "AcceptInvitationForm.password:NewPassword": {"password": "correct horse battery"},
    "ChangePasswordForm.password:NewPassword": {"password": "correct horse battery"},
    "BulletinForm.assembly:validate_assembly": {"audience": "assembly", "assembly": "1"},
    "BulletinForm.recommendations:validate_recommendations": {
        "audience": "recommendations",
        "recommendations": "7",
    },
    "ScheduleForm.send_at:TimeOfDay": {"send_at": "2:30pm"},
    "DecisionPointForm.starts_at:_TimeOfDay": {"starts_at": "18:30"},
    "SentEmailSearchForm.to_date:validate_to_date": {
        "from_date": ["2", "2", "2026"],
        "to_date": ["2", "2", "2026"],
    },
}


def _key(form_class, field, validator) -> str:
    return f"{form_class.__qualname__}.{field}:{validator}"


def _bound(app, form_class, data: dict):
    formdata = MultiDict()
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            formdata.add(name, item)
    return _form_with_choices(form_class(formdata=formdata, meta={"csrf": False}))


def _call(form, field_name: str, validator_name: str) -> None:
    field = form[field_name]
    if validator_name.startswith("validate_"):
        getattr(form, validator_name)(field)
        return
    for validator in field.validators:
        if type(validator).__name__ == validator_name:
            validator(form, field)


ALL = custom_validators()


def test_the_walk_finds_the_validators_and_every_one_has_bad_data_listed():
    keys = {_key(*found) for found in ALL}
    assert "AssemblyForm.ends_on:validate_ends_on" in keys
    assert "ScheduleForm.send_at:TimeOfDay" in keys
    assert sorted(keys - set(BAD_DATA)) == [], "list bad data for these validators"
    assert sorted(set(BAD_DATA) - keys) == [], "these validators no longer exist"


@pytest.mark.parametrize("found", ALL, ids=[_label(*found) for found in ALL])
def test_each_custom_validator_raises_validation_error_on_bad_data(app, found):
    form_class, field_name, validator_name = found
    key = _key(*found)
    with app.test_request_context(method="POST"):
        for data in BAD_DATA[key]:
            form = _bound(app, form_class, data)
            with pytest.raises((ValidationError, StopValidation)) as raised:
                _call(form, field_name, validator_name)
            assert str(raised.value).strip(), f"{key} {data}: an empty message"
            # Through the form as a route runs it: the message lands on the field, no exception.
            form = _bound(app, form_class, data)
            form.validate()
            assert str(raised.value) in form[field_name].errors, (key, data, form.errors)

        form = _bound(app, form_class, GOOD_DATA[key])
        _call(form, field_name, validator_name)  # raises nothing on good data

"""The form a partner answers a referral with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField

from portal.forms import PortalForm


class ReferralResponseForm(PortalForm):
    response = TextAreaField(
        _l("Your organisation’s response"),
        description=_l(
            "What your organisation will do about the recommendation, or why it will not. "
            "We publish it on the recommendation’s page with your organisation’s name and "
            "today’s date. You cannot change it afterwards."
        ),
        widget=GovTextArea(),
    )
    submit = SubmitField(_l("Publish the response"), widget=GovSubmitInput())

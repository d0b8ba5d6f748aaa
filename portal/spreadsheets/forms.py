"""Forms for the tracker spreadsheet pages: uploading files and confirming what they will do."""

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import InputRequired

from portal.forms import PortalForm


class UpdatesUploadForm(PortalForm):
    spreadsheet = FileField(
        "Upload your edited spreadsheet",
        description="A CSV or Excel (.xlsx) file, smaller than 5 MB.",
        widget=GovFileInput(),
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class RecommendationsUploadForm(PortalForm):
    assembly = SelectField(
        "Assembly",
        widget=GovSelect(),
        validators=[InputRequired("Choose the assembly the recommendations belong to")],
    )
    recommendations = FileField(
        "Upload a CSV file of recommendations",
        description="Saved as CSV UTF-8, smaller than 5 MB.",
        widget=GovFileInput(),
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmUploadForm(PortalForm):
    upload_id = HiddenField()
    submit = SubmitField("Confirm", widget=GovSubmitInput())

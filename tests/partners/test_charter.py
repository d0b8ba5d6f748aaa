"""The civic charter through its pages: the organiser writes it, an organisation asks to sign, the
organiser approves (the organisation appears with the date, the contact is emailed and invited)
or declines with a reason."""

import io

from portal.extensions import db
from portal.models import (
    CharterSignature,
    Invitation,
    Organisation,
    OrganisationLogo,
    Role,
    SignatureState,
)
from portal.timeutil import today
from tests.support.data import create_assembly, create_organisation, create_user, fresh
from tests.support.http import csrf_token, post_form, sign_in
from tests.support.images import image_bytes
from tests.support.mail import text_part

SIGN = {
    "name": "Northgate University",
    "kind": "education",
    "website": "https://www.northgate.example",
    "description": "A university in the city centre.",
    "contact_name": "Priya Shah",
    "contact_email": "Priya@Northgate.example",
    "statement": "We will open our research on insulation to the council.",
}


def _charter(slug="climate", public=True):
    assembly = create_assembly(slug, name="Climate Assembly", public=public)
    organiser = create_user(f"olivia-{slug}@council.example", role="organiser")
    from portal.partners import charter as charters

    charters.save_charter(assembly, "We **commit** to act.", organiser)
    db.session.commit()
    return assembly, organiser


def _ask(client, fields=None, logo=None, filename="logo.png", slug="climate"):
    data = {"csrf_token": csrf_token(client), **(fields if fields is not None else SIGN)}
    if logo is not None:
        data["logo"] = (io.BytesIO(logo), filename)
    return client.post(
        f"/assemblies/{slug}/charter/sign", data=data, content_type="multipart/form-data"
    )


def _decide(client, signature, fields, slug="climate"):
    return post_form(client, f"/admin/assemblies/{slug}/charter/requests/{signature.id}", fields)


def test_the_organiser_writes_the_charter_in_sanitised_markdown(client, app, app_context):
    assembly = create_assembly("climate", name="Climate Assembly")
    sign_in(client, create_user(role="organiser"))
    assert app.test_client().get("/assemblies/climate/charter").status_code == 404
    empty = post_form(client, "/admin/assemblies/climate/charter", {"text": "  "})
    assert "Enter the charter’s text" in empty.get_data(as_text=True)
    saved = post_form(
        client,
        "/admin/assemblies/climate/charter",
        {"text": "We **commit**.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))"},
    )
    assert saved.status_code == 302
    page = app.test_client().get("/assemblies/climate/charter").get_data(as_text=True)
    assert "<strong>commit</strong>" in page
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "No organisation has signed yet." in page
    assembly_page = app.test_client().get(f"/assemblies/{assembly.slug}").get_data(as_text=True)
    assert "See the civic charter" in assembly_page


def test_an_organisation_asks_is_approved_and_appears_with_its_date(
    client, app, app_context, smtp, deliver_mail
):
    assembly, organiser = _charter()
    visitor = app.test_client()
    form = visitor.get("/assemblies/climate/charter/sign")
    assert form.status_code == 200
    sent = _ask(visitor, logo=image_bytes("JPEG", size=(900, 900)), filename="logo.jpg")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/charter/sign/sent")
    assert "We have your request" in visitor.get(sent.headers["Location"]).get_data(as_text=True)
    signature = db.session.scalar(db.select(CharterSignature))
    assert signature.state is SignatureState.PENDING
    assert signature.contact_email == "priya@northgate.example"
    assert "Northgate University" not in visitor.get("/assemblies/climate/charter").get_data(
        as_text=True
    )

    sign_in(client, organiser)
    queue = client.get("/admin/assemblies/climate/charter").get_data(as_text=True)
    assert "Northgate University" in queue and "Sent" in queue
    approved = _decide(client, signature, {"decision": "approve"})
    assert approved.status_code == 302
    organisation = db.session.scalar(db.select(Organisation))
    assert organisation.name == "Northgate University" and organisation.logo_digest
    logo = db.session.get(OrganisationLogo, organisation.id)
    assert logo.content_type == "image/jpeg" and logo.width == 400

    page = visitor.get("/assemblies/climate/charter").get_data(as_text=True)
    assert "Northgate University" in page and "Northgate University logo" in page
    assert "We will open our research on insulation to the council." in page
    assert today().strftime("%B %Y") in page
    assert "priya@northgate.example" not in page  # the contact's address is never shown

    deliver_mail()
    messages = smtp.to("priya@northgate.example")
    subjects = sorted(message["Subject"] for message in messages)
    assert subjects == [
        "Northgate University has signed the Climate Assembly civic charter",
        "You are invited to the Assembly Follow-up Portal",
    ]
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.role is Role.PARTNER and invitation.organisation_id == organisation.id

    again = _decide(client, signature, {"decision": "decline", "reason": "Changed our mind"})
    assert again.status_code == 200
    assert fresh(signature).state is SignatureState.APPROVED


def test_an_organisation_already_listed_signs_as_itself_and_its_contact_with_an_account_is_not_invited(
    client, app, app_context, smtp, deliver_mail
):
    _charter()
    organisation = create_organisation("Northgate University", kind="education")
    create_user("priya@northgate.example", role="partner", organisation_id=organisation.id)
    _ask(app.test_client(), {**SIGN, "name": "northgate university"})
    signature = db.session.scalar(db.select(CharterSignature))
    sign_in(client, create_user(role="organiser"))
    _decide(client, signature, {"decision": "approve"})
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 1
    assert fresh(signature).organisation_id == organisation.id
    assert db.session.scalar(db.select(Invitation)) is None
    deliver_mail()
    assert len(smtp.to("priya@northgate.example")) == 1


def test_declining_needs_a_reason_which_the_contact_is_emailed(
    client, app, app_context, smtp, deliver_mail
):
    _, organiser = _charter()
    _ask(app.test_client())
    signature = db.session.scalar(db.select(CharterSignature))
    sign_in(client, organiser)
    nothing = _decide(client, signature, {})
    assert "Choose whether to approve or decline the request" in nothing.get_data(as_text=True)
    no_reason = _decide(client, signature, {"decision": "decline", "reason": " "})
    page = no_reason.get_data(as_text=True)
    assert no_reason.status_code == 200 and 'href="#reason"' in page
    assert "Enter the reason, so the organisation knows why" in page
    declined = _decide(
        client, signature, {"decision": "decline", "reason": "Only groups based in the city."}
    )
    assert declined.status_code == 302
    assert fresh(signature).state is SignatureState.DECLINED
    assert db.session.scalar(db.select(Organisation)) is None
    deliver_mail()
    [message] = smtp.to("priya@northgate.example")
    assert message["Subject"] == "Your request to sign the Climate Assembly civic charter"
    assert "Only groups based in the city." in text_part(message)
    assert "Northgate University" not in app.test_client().get(
        "/assemblies/climate/charter"
    ).get_data(as_text=True)


def test_the_form_names_each_mistake(app, app_context):
    _charter()
    page = _ask(
        app.test_client(),
        {"kind": "pirate", "website": "ftp://x", "contact_email": "not an address"},
    ).get_data(as_text=True)
    for message in (
        "Enter the name of the organisation",
        "Choose what kind of organisation it is",
        "Enter a web address starting with http:// or https://",
        "Enter your name",
        "Enter your statement of support",
        "Enter an email address in the correct format",
    ):
        assert message in page, message
    assert db.session.scalar(db.select(CharterSignature)) is None


def test_a_logo_that_is_not_an_image_is_refused(app, app_context):
    _charter()
    for logo, filename in (
        (b"hello", "logo.png"),
        (image_bytes("GIF"), "logo.gif"),
        (image_bytes("PNG", size=(300, 300))[:400], "logo.png"),
    ):
        page = _ask(app.test_client(), logo=logo, filename=filename).get_data(as_text=True)
        assert "The logo must be a PNG or JPEG image" in page
    too_big = _ask(app.test_client(), logo=image_bytes() + b"\0" * (2 * 1024 * 1024))
    assert "The logo must be smaller than 2 MB" in too_big.get_data(as_text=True)
    assert db.session.scalar(db.select(CharterSignature)) is None


def test_asking_says_the_same_whoever_asks(app, app_context):
    """No account enumeration: a listed organisation and an address with an account get the
    very answer a new one gets."""
    _charter()
    create_organisation("Northgate University")
    create_user("priya@northgate.example", role="organiser")
    known = _ask(app.test_client())
    unknown = _ask(app.test_client(), {**SIGN, "name": "New Group", "contact_email": "n@x.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]


def test_asking_is_rate_limited(app, app_context):
    _charter()
    app.config["RATELIMIT_CHARTER_PER_IP"] = "2 per minute"
    try:
        client = app.test_client()
        statuses = [_ask(client).status_code for _ in range(3)]
    finally:
        app.config["RATELIMIT_CHARTER_PER_IP"] = "10 per hour;50 per day"
    assert statuses == [302, 302, 429]


def test_a_form_without_its_csrf_token_is_refused(app, app_context):
    _charter()
    response = app.test_client().post("/assemblies/climate/charter/sign", data=SIGN)
    assert response.status_code in (200, 400)
    assert db.session.scalar(db.select(CharterSignature)) is None


def test_a_private_assembly_s_charter_is_404_to_outsiders(app, app_context):
    assembly, _ = _charter("private-one", public=False)
    outsider = app.test_client()
    assert outsider.get("/assemblies/private-one/charter").status_code == 404
    assert outsider.get("/assemblies/private-one/charter/sign").status_code == 404
    member = app.test_client()
    sign_in(member, create_user(assemblies=[assembly]))
    assert member.get("/assemblies/private-one/charter").status_code == 200


def test_a_request_of_another_assembly_or_none_is_404(client, app, app_context):
    _, organiser = _charter()
    _charter("other")
    _ask(app.test_client(), slug="other")
    other_request = db.session.scalar(db.select(CharterSignature))
    sign_in(client, organiser)
    base = "/admin/assemblies/climate/charter/requests"
    assert client.get(f"{base}/{other_request.id}").status_code == 404
    assert client.get(f"{base}/999999").status_code == 404
    assert client.get(f"{base}/2147483648").status_code == 404
    assert client.get("/admin/assemblies/nowhere/charter").status_code == 404

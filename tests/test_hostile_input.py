"""No input a person can type or upload produces a server error.

Every form on every page in the route matrix is submitted, as each kind of person who can open
it, with hostile values in every field: NUL bytes, huge text, numbers out of range, markup,
SQL, emoji, and junk files.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from tests.support.http import sign_in
from tests.test_route_matrix import ALL_ROUTES, PERSONAS

HOSTILE_VALUES = [
    "\x00nul\x00",
    "x" * 70_000,
    "-99999999999999999999999",
    "<script>window.__pwned=1</script>\"'><img src=x onerror=alert(1)>",
    "'; DROP TABLE users; --",
    "😀 ١٢٣ \u202e",
    "",
]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": (attrs.get("method") or "get").lower(),
                    "fields": {},
                    "files": [],
                }
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "file":
                self.forms[-1]["files"].append(attrs["name"])
            elif kind in ("hidden",):
                self.forms[-1]["fields"].setdefault(attrs["name"], ("keep", attrs.get("value", "")))
            elif kind not in ("submit", "button"):
                self.forms[-1]["fields"].setdefault(attrs["name"], ("junk", attrs.get("value", "")))
        elif tag in ("textarea", "select") and attrs.get("name"):
            self.forms[-1]["fields"].setdefault(attrs["name"], ("junk", ""))


def forms_on(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form["method"] == "post"]


def submit_hostile(client, page_url: str, form: dict, value: str):
    data = {}
    for name, (kind, original) in form["fields"].items():
        data[name] = original if kind == "keep" else value
    for name in form["files"]:
        data[name] = (
            io.BytesIO(value.encode("utf-8", "surrogatepass") + b"\x00\xff\xfe"),
            "junk.csv",
        )
    action = form["action"] or page_url
    return client.post(
        action, data=data, content_type="multipart/form-data" if form["files"] else None
    )


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_hostile_values_in_every_form_never_cause_a_server_error(app, world, persona):
    people, values = world
    client = app.test_client()
    sign_in(client, people[persona])
    failures = []
    forms_tried = set()
    for endpoint, (method, url, _expected) in sorted(ALL_ROUTES.items()):
        if method != "GET" or endpoint in ("auth.login",):
            continue
        page_url = url.format(**values)
        page = client.get(page_url)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for form in forms_on(page.get_data(as_text=True)):
            if form["action"].endswith("/logout"):
                continue
            forms_tried.add(endpoint)
            for value in HOSTILE_VALUES:
                response = submit_hostile(client, page_url, form, value)
                if response.status_code >= 500:
                    failures.append(
                        f"{endpoint} {form['action'] or page_url} {value[:20]!r}: {response.status_code}"
                    )
    assert failures == []
    assert (
        len(forms_tried)
        >= {
            "member_a": 8,
            "member_b": 3,
            "officer": 10,
            "organiser": 20,
            "approver": 3,
            "colleague": 3,
            "partner": 3,
        }[persona]
    ), forms_tried


def test_hostile_values_on_the_signed_out_forms_never_cause_a_server_error(app, world):
    client = app.test_client()
    failures = []
    for url in ("/login", "/login/link", "/password/forgot"):
        for form in forms_on(client.get(url).get_data(as_text=True)):
            for value in HOSTILE_VALUES:
                response = submit_hostile(client, url, form, value)
                if response.status_code >= 500:
                    failures.append(f"{url} {value[:20]!r}: {response.status_code}")
    assert failures == []


def test_control_characters_are_removed_from_what_people_type(app, client, app_context):
    from portal.extensions import db
    from portal.models import User
    from tests.support.data import create_user
    from tests.support.http import post_form

    user = create_user("amira@example.org", name="Amira Khan")
    sign_in(client, user)
    post_form(client, "/account", {"name": "Amira\x00 Khan\x07", "display_name": "Amira\tK"})
    db.session.expire_all()
    saved = db.session.get(User, user.id)
    assert (saved.name, saved.display_name) == ("Amira Khan", "Amira\tK")


# -- Inconsistent combinations --------------------------------------------------------------
#
# Each value is plausible on its own; together with the others it is wrong: dates out of order,
# numbers out of range, a lead or an entry from somewhere else, a date in the past. The form is
# submitted as a browser would (what the page filled in, plus the changes), and the page must
# answer with a GOV.UK error summary linking to the field at fault, never a 500.


class BrowserFormParser(HTMLParser):
    """The name/value pairs a browser would submit for each form, as the page filled them in."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: tuple[str, list] | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get")}
            )
            self.forms[-1].update(pairs=[], files=[], editable=set())
            return
        if not self.forms:
            return
        form, name = self.forms[-1], attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "file":
                form["files"].append(name)
                form["editable"].add(name)
            elif kind in ("radio", "checkbox"):
                form["editable"].add(name)
                if "checked" in attrs:
                    form["pairs"].append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button"):
                if kind != "hidden":
                    form["editable"].add(name)
                form["pairs"].append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            form["editable"].add(name)
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._select[1].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            form["editable"].add(name)
            self._textarea = name
            form["pairs"].append((name, ""))

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.forms[-1]["pairs"][-1]
            self.forms[-1]["pairs"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [
                value for value, _ in options[:1]
            ]
            self.forms[-1]["pairs"].extend((name, value) for value in chosen)
            self._select = None


def browser_forms(html: str) -> list[dict]:
    parser = BrowserFormParser()
    parser.feed(html)
    return [
        form
        for form in parser.forms
        if form["method"].lower() == "post" and not form["action"].endswith("/logout")
    ]


def form_key(endpoint: str, form: dict) -> str:
    """``endpoint:field,field``: which form on which page, whatever ids its action holds (and
    whatever ids the update form's per-action fields, ``action_<id>_status``, carry)."""
    names = {re.sub(r"^action_[0-9]+_", "action_N_", name) for name in form["editable"]}
    return f"{endpoint}:{','.join(sorted(names))}"


def day(text: str) -> list[str]:
    """A GOV.UK date input's three boxes: ``day("31 5 2026")``."""
    return text.split()


NEW_ASSEMBLY = {"name": "Combination Assembly", "slug": "combination-assembly"}
ASSEMBLY_FORM = (
    "concluded_on,description,ends_on,first_response_due,is_public,name,progress_from_actions,"
    "question_answer_days,report_url,show_discussion_publicly,sign_off_decisions,sign_off_reports,sign_off_updates,"
    "slug,starts_on,topic_question,update_cadence_months"
)
BULLETIN_FORM = "assembly,audience,body,recommendations,subject"
DRAFT_UPDATE_FORM = (
    "evidence_1_title,evidence_1_url,evidence_2_title,evidence_2_url,evidence_3_title,"
    "evidence_3_url,milestone,milestone_due,progress,status,summary"
)
# The workspace's update form also moves on the recommendation's actions (portal.actions).
UPDATE_FORM = f"action_N_progress,action_N_status,{DRAFT_UPDATE_FORM}"
ACTION_FORM = "due_on,owner,progress,status,title"
DECISION_FORM = (
    "decided_on,decision,decision_evidence_1_title,decision_evidence_1_url,"
    "decision_evidence_2_title,decision_evidence_2_url,decision_evidence_3_title,"
    "decision_evidence_3_url,decision_maker,decision_record_url,explanation,"
    "referred_organisation,referred_to,respond_by"
)
RECOMMENDATION_FORM = "number,support,text,theme,title"

# (persona, form key, what to change (values may name world values in {braces}), field at fault)
CLOSE_FORM = "tracker.close_recommendation:closure_explanation,closure_reason,superseded_by"
CLOSING_EXPLANATION = "Every school has a safe cycle route now, so the work is done."

# A correction to assembly A's published report (corrected once already: version 2).
CORRECT_FORM = "reports.correct:comment_1,conclusion,introduction,reason,retake"

CALENDAR_FORM = (
    "policy_calendar.add:body,body_name,papers_url,recommendations,starts_at,starts_on,what"
)

INCONSISTENT_COMBINATIONS = [
    (
        "organiser",
        "admin.departments:department,email,name,role",
        {"department": "Transport", "name": "Priya", "role": " ", "email": "p@council.example"},
        "role",
    ),
    (
        "organiser",
        "tracker.extend_report_deadline:new_date,reason",
        {"new_date": day("1 1 2000"), "reason": "Later than planned"},  # before the current one
        "new_date",
    ),
    (
        "organiser",
        "reports.new_report:conclusion,introduction,kind,period_from,period_to,title",
        {
            "kind": "annual",
            "title": "Combination report",
            "period_from": day("10 6 2026"),
            "period_to": day("1 6 2026"),
        },
        "period_to",
    ),
    (
        "organiser",
        "reports.new_report:conclusion,introduction,kind,period_from,period_to,title",
        {
            "kind": "first-response",  # assembly A already has one
            "title": "Combination report",
            "period_from": day("1 6 2026"),
            "period_to": day("10 6 2026"),
        },
        "kind",
    ),
    (
        "officer",
        CLOSE_FORM,
        {"closure_reason": "superseded", "closure_explanation": CLOSING_EXPLANATION},
        "superseded_by",
    ),
    (
        "organiser",
        CLOSE_FORM,
        {"closure_reason": "completed", "closure_explanation": " ", "superseded_by": "A plan"},
        "closure_explanation",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "starts_on": day("10 6 2026"), "ends_on": day("1 6 2026")},
        "ends_on",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "ends_on": day("10 6 2026"), "concluded_on": day("1 6 2026")},
        "concluded_on",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "starts_on": day("10 6 2026"), "concluded_on": day("1 6 2026")},
        "concluded_on",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "concluded_on": day("1 6 2026"), "first_response_due": day("1 1 2026")},
        "first_response_due",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "question_answer_days": "0"},
        "question_answer_days",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {**NEW_ASSEMBLY, "question_answer_days": "121"},
        "question_answer_days",
    ),
    (
        "organiser",
        f"admin.new_assembly:{ASSEMBLY_FORM}",
        {"name": "Copy", "slug": "{assembly_b}"},
        "slug",
    ),
    (
        "organiser",
        f"admin.edit_assembly:{ASSEMBLY_FORM}",
        {"starts_on": day("10 6 2026"), "ends_on": day("1 6 2026")},
        "ends_on",
    ),
    ("organiser", f"admin.edit_assembly:{ASSEMBLY_FORM}", {"slug": "{assembly_b}"}, "slug"),
    (
        "organiser",
        "admin.invite:assembly,email,name,organisation,role",
        {"name": "New Member", "email": "new@example.org", "role": "member", "assembly": ""},
        "assembly",
    ),
    (
        "organiser",
        "admin.invite:assembly,email,name,organisation,role",
        {
            "name": "New Member",
            "email": "new@example.org",
            "role": "member",
            "assembly": "no-such-assembly",
        },
        "assembly",
    ),
    (
        "organiser",
        "admin.invite:assembly,email,name,organisation,role",
        {"name": "New Partner", "email": "new@example.org", "role": "partner", "organisation": ""},
        "organisation",
    ),
    (
        "member_a",
        "partners.sign:contact_email,contact_name,description,kind,logo,name,statement,website",
        {
            "name": "A Group",
            "kind": "voluntary",
            "contact_name": "Sam Lee",
            "contact_email": "sam@example.org",
            "statement": "",
        },
        "statement",
    ),
    (
        "member_a",
        "partners.sign:contact_email,contact_name,description,kind,logo,name,statement,website",
        {
            "name": "A Group",
            "kind": "voluntary",
            "contact_name": "Sam Lee",
            "contact_email": "not an address",
            "statement": "We support it.",
        },
        "contact_email",
    ),
    ("organiser", "partners.admin_charter:text", {"text": ""}, "text"),
    (
        "organiser",
        "partners.admin_request:decision,reason",
        {"decision": "decline", "reason": ""},
        "reason",
    ),
    (
        "organiser",
        "partners.add_organisation:description,kind,logo,name,website",
        {"name": "", "kind": "education"},
        "name",
    ),
    (
        "organiser",
        "partners.edit_organisation:description,kind,logo,name,website",
        {"name": "A Group", "kind": "education", "website": "javascript:alert(1)"},
        "website",
    ),
    (
        "organiser",
        "admin.invite:assembly,email,name,organisation,role",
        {
            "name": "New Partner",
            "email": "new@example.org",
            "role": "partner",
            "organisation": "99999999999999999999",
        },
        "organisation",
    ),
    (
        "organiser",
        f"mail.compose_bulletin:{BULLETIN_FORM}",
        {"subject": "News", "body": "Hello.", "audience": "assembly", "assembly": ""},
        "assembly",
    ),
    (
        "organiser",
        f"mail.compose_bulletin:{BULLETIN_FORM}",
        {
            "subject": "News",
            "body": "Hello.",
            "audience": "recommendations",
            "recommendations": "999999",
        },
        "recommendations",
    ),
    (
        "organiser",
        f"mail.edit_bulletin:{BULLETIN_FORM}",
        {"audience": "recommendations", "recommendations": []},
        "recommendations",
    ),
    (
        "organiser",
        "mail.schedule_bulletin:send_at,send_on",
        {"send_on": day("1 1 2020"), "send_at": "09:30"},
        "send_on",
    ),
    (
        "organiser",
        "mail.schedule_bulletin:send_at,send_on",
        {"send_on": day("1 1 2099"), "send_at": "25:00"},
        "send_at",
    ),
    ("organiser", "mail.preferences:bulletins,reminders", {"bulletins": "sometimes"}, "bulletins"),
    (
        "member_a",
        "mail.preferences:bulletins,frequency,recommendation_1,replies",
        {"frequency": "hourly"},
        "frequency",
    ),
    ("organiser", "scrutiny.reassign:officer", {"officer": "{member_b}"}, "officer"),
    (
        "organiser",
        "tracker.change_lead:lead_department,lead_officer",
        {"lead_officer": "{member_b}"},
        "lead_officer",
    ),
    (
        "organiser",
        "tracker.change_lead:lead_department,lead_officer",
        {"lead_officer": "{organiser}"},
        "lead_officer",
    ),
    (
        "organiser",
        "tracker.change_lead:lead_department,lead_officer",
        {"lead_officer": "999999"},
        "lead_officer",
    ),
    (
        "organiser",
        f"tracker.new_recommendation:{RECOMMENDATION_FORM}",
        {"number": "0", "title": "Out of range"},
        "number",
    ),
    (
        "organiser",
        f"tracker.new_recommendation:{RECOMMENDATION_FORM}",
        {"number": "{recommendation_a}", "title": "Number taken"},
        "number",
    ),
    (
        "organiser",
        f"tracker.new_recommendation:{RECOMMENDATION_FORM}",
        {"title": "Too much support", "support": "101"},
        "support",
    ),
    (
        "organiser",
        f"tracker.edit_recommendation:{RECOMMENDATION_FORM}",
        {"support": "-1"},
        "support",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {"decision": "not_accepted", "explanation": ""},
        "explanation",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {
            "decision": "referred",
            "explanation": "We asked the government to decide this one.",
            "referred_to": "",
        },
        "referred_to",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {"decision": "accepted", "decision_record_url": "minutes of 12 March"},
        "decision_record_url",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {
            "decision": "referred",
            "explanation": "We asked the organisation to decide this one.",
            "referred_organisation": "99999999999999999999",
        },
        "referred_organisation",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {
            "decision": "referred",
            "explanation": "We asked the government to decide this one.",
            "referred_to": "UK Government",
            "respond_by": day("1 1 2099"),
        },
        "respond_by",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {"decision": "accepted", "decided_on": day("1 1 2199")},
        "decided_on",
    ),
    (
        "officer",
        f"tracker.workspace:{DECISION_FORM}",
        {"decision": "accepted", "decision_evidence_2_title": "Minutes"},
        "decision_evidence_2_url",
    ),
    (
        "officer",
        f"tracker.workspace:{UPDATE_FORM}",
        {"status": "in_progress", "progress": "101", "summary": "Work goes on."},
        "progress",
    ),
    (
        "officer",
        f"tracker.workspace:{UPDATE_FORM}",
        {
            "status": "in_progress",
            "progress": "40",
            "summary": "Work goes on.",
            "milestone": "",
            "milestone_due": day("1 9 2027"),
        },
        "milestone",
    ),
    (
        "officer",
        f"tracker.workspace:{UPDATE_FORM}",
        {
            "status": "in_progress",
            "progress": "40",
            "summary": "Work goes on.",
            "evidence_1_url": "https://example.org/report",
        },
        "evidence_1_title",
    ),
    ("officer", f"tracker.edit_draft:{DRAFT_UPDATE_FORM}", {"progress": "150"}, "progress"),
    (
        "officer",
        f"actions.add_action:{ACTION_FORM}",
        {"title": "Open the depot", "progress": "140"},
        "progress",
    ),
    ("organiser", f"actions.edit_action:{ACTION_FORM}", {"title": ""}, "title"),
    (
        "officer",
        f"tracker.correct_entry:correction_note,{DECISION_FORM}",
        {"decision": "not_accepted", "explanation": "", "correction_note": "Wrong decision"},
        "explanation",
    ),
    (
        "officer",
        f"tracker.correct_entry:correction_note,{DECISION_FORM}",
        {"correction_note": ""},
        "correction_note",
    ),
    (
        "organiser",
        "spreadsheets.import_recommendations:assembly,recommendations",
        {"assembly": "no-such-assembly"},
        "assembly",
    ),
    (
        "member_a",
        "scrutiny.new_comment:body,entry_id",
        {"body": "About the other assembly's answer", "entry_id": "{entry_of_assembly_b}"},
        "entry_id",
    ),
    (
        "member_a",
        "public.recommendation:body,entry_id",
        {"body": "About the other assembly's answer", "entry_id": "{entry_of_assembly_b}"},
        "entry_id",
    ),
    ("member_a", "scrutiny.verdict:rating,reason", {"rating": "excellent"}, "rating"),
    ("member_a", "public.recommendation:rating,reason", {"rating": "excellent"}, "rating"),
    ("member_a", "auth.account:display_name,name", {"display_name": "x" * 61}, "display_name"),
    (
        "member_a",
        "auth.change_email:email,password",
        {"email": "new@example.org", "password": "not my password"},
        "password",
    ),
    (
        "member_a",
        "auth.change_password:current_password,password",
        {"current_password": "correct horse battery", "password": "{member_a_email}"},
        "password",
    ),
    (
        "organiser",
        "rights.erase_person:confirm_email,reason",
        {"reason": "Asked by letter on 1 December", "confirm_email": "{member_a_email}"},
        "confirm_email",
    ),
    (
        "organiser",
        "admin.change_member_display_name:display_name,reason",
        {"display_name": "x" * 61, "reason": "It names another member"},
        "display_name",
    ),
    (
        "organiser",
        "admin.change_member_display_name:display_name,reason",
        {"display_name": "A fine name", "reason": "   "},
        "reason",
    ),
    ("organiser", "admin.remove_member:reason", {"reason": "x" * 1001}, "reason"),
    (
        "member_a",
        "assessments.answer:may_quote,rating-1,reason-1",
        {"reason-1": "A reason with no answer to go with it"},
        "rating-1",
    ),
    (
        "member_a",
        "assessments.answer:may_quote,rating-1,reason-1",
        {"rating-1": "adequate", "reason-1": "x" * 501},
        "reason-1",
    ),
    ("member_a", "statements.statement:body,kind", {"kind": "proposal", "body": "   "}, "body"),
    (
        "organiser",
        CALENDAR_FORM,
        {"body": "committee", "body_name": "   "},
        "body_name",
    ),
    # A new conclusion with no reason; a reason with nothing changed; re-taking recommendations
    # that have not changed since.
    ("organiser", CORRECT_FORM, {"conclusion": "A new conclusion.", "reason": "  "}, "reason"),
    ("organiser", CORRECT_FORM, {"reason": "A reason for no change."}, "introduction"),
    ("organiser", CORRECT_FORM, {"retake": "retake", "reason": "Re-take it."}, "retake"),
    ("organiser", CORRECT_FORM, {"retake": "both", "reason": "Re-take it."}, "retake"),
    (
        "organiser",
        CALENDAR_FORM.replace(".add:", ".edit:"),
        {"body": "cabinet", "papers_url": "ftp://example.org/papers"},
        "papers_url",
    ),
]

# Forms with nothing to combine: one box whose every value is covered by the hostile strings above
# and by each capability's own tests of its messages.
NO_COMBINATIONS = {
    "admin.upload_roster:roster": "a file: row combinations are in tests/admin/test_roster.py",
    "spreadsheets.spreadsheet_page:spreadsheet": "a file: row combinations are in tests/tracker",
    "auth.forgot_password:email": "one email box",
    "auth.request_sign_in_link:email": "one email box",
    "public.recommendation:body": "one question box",
    "scrutiny.ask:body": "one question box",
    "scrutiny.edit_comment:body": "one comment box",
    "scrutiny.reply:body": "one reply box",
    "scrutiny.report_comment:reason": "one reason box",
    "scrutiny.moderate_comment:reason": "one reason box",
    "scrutiny.moderate_member:reason": "one reason box",
    "scrutiny.show_question:answer": "one answer box",
    "tracker.escalate:note": "one note box: eligibility is tested in tests/tracker/test_escalation.py",
    "tracker.internal_notes:note_body": "one note box",
    "mail.unsubscribe:List-Unsubscribe": "one button; the field is RFC 8058's fixed value",
    "rights.delete_account:password": "one password box: a wrong one is tested in tests/rights",
    "subscriptions.subscribe_recommendation:email": "one email box",
    "subscriptions.confirm:frequency": "one choice of how often",
    # The world's one confirmed subscription is number 1: each form is prefixed with its id.
    "subscriptions.manage:s1-frequency": "one choice of how often, or unsubscribe",
    "reports.draft:note-1-note": "one reason box",
    "reports.draft:order-order_by": "one choice of order",
    "reports.draft:theme-1-comment": "one commentary box: the limit is tested in tests/reports",
    "search.search_page:q": "one search box: hostile words are in tests/search",
    "assessments.manage:closes_on": "one date: past dates and today are tested in tests/assessments",
    "statements.edit:text": "one text box",
    "policy_calendar.outcome:outcome": "one text box: its rules are tested in tests/policy_calendar",
    "statements.reply:reply": "one reply box",
}


def _fill(value, values: dict):
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    return value.format(**values) if "{" in value else value


def _combination_world(people, values) -> dict:
    from portal.extensions import db
    from portal.models import Recommendation
    from tests.support.data import create_entry

    other = db.session.get(Recommendation, values["recommendation_b_id"])
    entry = create_entry(other, author=people["officer"])
    return {
        **values,
        "entry_of_assembly_b": entry.id,
        "member_a_email": people["member_a"].email,
    }


def _pages_by_form(client, values: dict) -> dict[str, tuple[str, dict]]:
    found = {}
    for endpoint, (method, url, _expected) in sorted(ALL_ROUTES.items()):
        if method != "GET" or endpoint == "auth.login":
            continue
        page_url = url.format(**values)
        page = client.get(page_url)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        for form in browser_forms(page.get_data(as_text=True)):
            if form["editable"]:
                found.setdefault(form_key(endpoint, form), (page_url, form))
    return found


def _submit_combination(client, page_url: str, form: dict, changes: dict):
    from werkzeug.datastructures import MultiDict

    data = MultiDict([(name, value) for name, value in form["pairs"] if name not in changes])
    for name, value in changes.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(name, item)
    for name in form["files"]:
        if name not in changes:
            data.add(name, (io.BytesIO(b"number,title\n1,A title\n"), "recommendations.csv"))
    return client.post(form["action"] or page_url, data=data)


def error_summary_links(html: str) -> list[str]:
    """The ``href``s of the links in the GOV.UK error summary, or [] if there is none."""
    start = html.find('class="govuk-error-summary"')
    if start == -1:
        return []
    end = html.find("</ul>", start)
    summary = html[start:end]
    return [part.split('"', 1)[0] for part in summary.split('href="')[1:]]


@pytest.mark.parametrize("persona", ["member_a", "officer", "organiser"])
def test_inconsistent_combinations_in_every_form_name_the_field_at_fault(app, world, persona):
    people, values = world
    values = _combination_world(people, values)
    failures = []
    client = app.test_client()
    sign_in(client, people[persona])
    forms = _pages_by_form(client, values)
    cases = [case for case in INCONSISTENT_COMBINATIONS if case[0] == persona]
    for _persona, key, changes, field in cases:
        if key not in forms:
            failures.append(f"{key}: no such form on any page for {persona}")
            continue
        page_url, form = forms[key]
        filled = {name: _fill(value, values) for name, value in changes.items()}
        response = _submit_combination(client, page_url, form, filled)
        html = response.get_data(as_text=True)
        if response.status_code >= 500:
            failures.append(f"{key} {changes}: {response.status_code}")
        elif f"#{field}" not in error_summary_links(html):
            failures.append(
                f"{key} {changes}: {response.status_code}, summary links "
                f"{error_summary_links(html)}, expected #{field}"
            )
    assert failures == []
    covered = {case[1] for case in INCONSISTENT_COMBINATIONS} | set(NO_COMBINATIONS)
    missing = sorted(set(forms) - covered)
    assert missing == [], f"add inconsistent combinations for these forms: {missing}"

"""The statement on a published report's page, and the statements on the public assembly page
with whether the council's reply is late."""

from __future__ import annotations

from portal import permissions
from portal.statements import services
from portal.statements.forms import StartForm


def report_panel(report, user) -> dict | None:
    """Under the report: the published statement and its reply, or, for the people taking part,
    the draft in progress; organisers may start one."""
    assembly = report.assembly
    statement = services.statement_for(report)
    if statement is not None and statement.is_published:
        return {
            "template": "statements/_report_panel.html",
            "report": report,
            "statement": statement,
            "endorsed_line": services.endorsed_line(statement),
            "late": services.reply_lateness(statement),
            "can_reply": permissions.can_reply_to_statement(user) and not statement.is_replied,
        }
    if statement is not None and permissions.can_see_statement_draft(user, assembly):
        return {
            "template": "statements/_report_panel.html",
            "report": report,
            "statement": statement,
        }
    if statement is None and permissions.can_run_statement(user):
        return {
            "template": "statements/_report_panel.html",
            "report": report,
            "statement": None,
            "start_form": StartForm(formdata=None),
        }
    return None


def assembly_panel(assembly, user) -> dict | None:
    """The members' published statements, each with the council's reply or when it is due."""
    statements = services.published_statements(assembly)
    if not statements:
        return None
    return {
        "template": "statements/_assembly_panel.html",
        "assembly": assembly,
        "entries": [
            {
                "statement": statement,
                "report": statement.report,
                "endorsed_line": services.endorsed_line(statement),
                "late": services.reply_lateness(statement),
            }
            for statement in statements
        ],
    }

"""A published report as a Word document for a committee, made from its snapshot alone.

The same content as the report page, in the order a committee paper takes: title and dates,
introduction, a summary table, what changed since the previous report, one section per
recommendation under its theme, and the conclusion. The organiser's Markdown becomes Word
paragraphs, lists and bold or italic runs (a link keeps its address in brackets after the text);
raw HTML is never interpreted.
"""

from __future__ import annotations

import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask import current_app
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from portal.templating import format_date

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def summary_rows(summary: dict) -> list[tuple[str, int]]:
    """The summary table's rows, the same on the page and in the document."""
    return [
        (_("Accepted (including accepted with changes)"), summary["accepted"]),
        (_("Partly accepted"), summary["partly_accepted"]),
        (_("Not accepted"), summary["not_accepted"]),
        (_("No decision yet, under consideration or referred"), summary["undecided"]),
        (_("Completed"), summary["completed"]),
        (_("Changed since the previous report"), summary["changed"]),
        (_("All recommendations"), summary["total"]),
    ]


def _header_row(table: Table) -> None:
    """Mark the first row as the table's header, repeated on every page (and read as headers)."""
    row = table.rows[0]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _table(document, headings: list[str], rows: list[list[str]]) -> Table:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    _header_row(table)
    return table


def _inline(paragraph: Paragraph, token: Token) -> None:
    bold = italic = False
    links: list[str] = []
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open":
            links.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close":
            href = links.pop() if links else ""
            if href:
                paragraph.add_run(f" ({href})")
        elif child.type in ("softbreak",):
            paragraph.add_run(" ")
        elif child.type == "hardbreak":
            paragraph.add_run().add_break()
        elif child.type in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None


def add_markdown(document, text: str, *, heading_level: int = 3) -> None:
    """The organiser's Markdown as Word paragraphs (headings start at ``heading_level``)."""
    style = None
    lists: list[str] = []
    for token in _markdown.parse(text or ""):
        if token.type == "bullet_list_open":
            lists.append("List Bullet")
        elif token.type == "ordered_list_open":
            lists.append("List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            level = min(heading_level + int(token.tag[1:]) - 1, 9)
            style = f"Heading {level}"
        elif token.type == "inline":
            paragraph_style = style or (lists[-1] if lists else None)
            _inline(document.add_paragraph(style=paragraph_style), token)
            style = None
        elif token.type in ("code_block", "fence"):
            document.add_paragraph(token.content.rstrip("\n"))


def _recommendation(document, row: dict) -> None:
    document.add_heading(
        _("Recommendation %(number)d: %(title)s", number=row["number"], title=row["title"]), 2
    )
    decision = document.add_paragraph()
    decision.add_run(_("Council’s decision:") + " ").bold = True
    decision.add_run(row["decision_label"] or _("No decision yet"))
    if row["explanation"]:
        document.add_paragraph(row["explanation"])
    progress = document.add_paragraph()
    progress.add_run(_("Progress:") + " ").bold = True
    if row["status_label"]:
        text = row["status_label"]
        if row["progress"] is not None:
            text += ", " + _("%(progress)d%% done", progress=row["progress"])
    else:
        text = _("No update yet")
    progress.add_run(text)
    if row["closed"]:
        closed = document.add_paragraph()
        closed.add_run(_("Closed:") + " ").bold = True
        closed_on = f" ({format_date(row['closed_on'])})" if row["closed_on"] else ""
        closed.add_run((row["closure_reason_label"] or "") + closed_on)
    if row["lead"]:
        lead = document.add_paragraph()
        lead.add_run(_("Lead:") + " ").bold = True
        lead.add_run(row["lead"])
    if row["entries"]:
        document.add_paragraph().add_run(_("Published in this period")).bold = True
        for entry in row["entries"]:
            document.add_paragraph(_entry_line(entry), style="List Bullet")
    elif row["coverage_note"]:
        note = document.add_paragraph()
        note.add_run(_("No change in this period, because:") + " ").bold = True
        note.add_run(row["coverage_note"])


def _entry_line(entry: dict) -> str:
    parts = [format_date(entry["published_on"]) + ":"]
    if entry["is_correction"]:
        parts.append(_("Correction."))
    if entry["kind"] == "decision":
        parts.append(_("Decision: %(decision)s.", decision=entry["decision_label"]))
    elif entry["kind"] == "update":
        parts.append(_("Progress update: %(status)s.", status=entry["status_label"]))
    elif entry["kind"] == "closure":
        parts.append(_("Closed: %(reason)s.", reason=entry["closure_reason_label"]))
    else:
        parts.append(_("Reopened."))
    if entry["text"]:
        parts.append(entry["text"])
    return " ".join(parts)


def _drop_template_thumbnail(document) -> None:
    """python-docx's blank template carries a preview picture of itself, which file browsers would
    show for every report; a committee paper has none."""
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]


def report_docx(view: dict, corrections: list | None = None) -> bytes:
    """The Word document of a published report; ``view`` is ``services.for_page(snapshot)``,
    ``corrections`` its versions after the first (``ReportVersion``), each said under the dates."""
    report = view["report"]
    document = Document()
    document.core_properties.title = report["title"]
    document.core_properties.subject = report["assembly"]
    document.core_properties.language = "en-GB"
    document.core_properties.author = current_app.config["AUTHORITY_NAME"]
    document.core_properties.comments = ""
    _drop_template_thumbnail(document)
    document.styles["Normal"].font.size = Pt(11)

    document.add_paragraph(f"{report['assembly']}: {report['kind_label']}", style="Subtitle")
    document.add_heading(report["title"], 0)
    details = document.add_paragraph()
    details.add_run(_("Period:") + " ").bold = True
    details.add_run(
        _(
            "%(start)s to %(end)s",
            start=format_date(report["period_from"]),
            end=format_date(report["period_to"]),
        )
    )
    published = document.add_paragraph()
    published.add_run(_("Published:") + " ").bold = True
    published.add_run(format_date(report.get("published_on")))
    if report["due_on"]:
        published.add_run(" " + _("(due %(date)s)", date=format_date(report["due_on"])))
    for correction in corrections or []:
        corrected = document.add_paragraph()
        corrected.add_run(
            _("Corrected on %(date)s:", date=format_date(correction.created_at)) + " "
        ).bold = True
        corrected.add_run(
            _(
                "%(reason)s (version %(version)d)",
                reason=correction.reason or "",
                version=correction.version,
            )
        )

    if report["introduction"]:
        document.add_heading(_("Introduction"), 1)
        add_markdown(document, report["introduction"], heading_level=2)

    document.add_heading(_("Summary"), 1)
    _table(
        document,
        [_("Recommendations"), _("Number")],
        [[label, str(value)] for label, value in summary_rows(view["summary"])],
    )

    document.add_heading(_("What changed since the previous report"), 1)
    if report["previous_title"]:
        document.add_paragraph(_("Compared with %(title)s", title=report["previous_title"]))
    else:
        document.add_paragraph(
            _("This is the first report, so everything published so far is new.")
        )
    if view["changed_rows"]:
        _table(
            document,
            [_("Recommendation"), _("What changed"), _("From"), _("To")],
            [
                [f"{row['number']}. {row['title']}", change["what"], change["from"], change["to"]]
                for row in view["changed_rows"]
                for change in row["changes"]
            ],
        )
    else:
        document.add_paragraph(_("Nothing changed since the previous report."))

    if view.get("by_number"):
        if view["commented_themes"]:
            document.add_heading(_("The themes"), 1)
            for theme in view["commented_themes"]:
                document.add_heading(theme["name"], 2)
                add_markdown(document, theme["comment"], heading_level=3)
        document.add_heading(_("Every recommendation"), 1)
        for row in view["numbered_rows"]:
            _recommendation(document, row)
    else:
        for theme in view["themes"]:
            document.add_heading(theme["name"], 1)
            if theme["comment"]:
                add_markdown(document, theme["comment"], heading_level=3)
            for row in theme["rows"]:
                _recommendation(document, row)

    if report["conclusion"]:
        document.add_heading(_("Conclusion"), 1)
        add_markdown(document, report["conclusion"], heading_level=2)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

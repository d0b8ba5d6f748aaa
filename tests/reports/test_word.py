"""A published report downloads as a Word document for a committee, made from the same snapshot
as its page, CSV and JSON."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from docx import Document

from portal.timeutil import today
from tests.reports.support import climate_world, publish_two_reports
from tests.support.text import text_of

ANNUAL = "/assemblies/climate-2025/reports/2"


@pytest.fixture
def world(app_context):
    return climate_world()


def _document_text(document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_word_document_is_a_committee_paper_with_every_recommendation(client, world):
    publish_two_reports(world)
    response = client.get(ANNUAL + ".docx")

    assert response.status_code == 200
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="climate-2025-report-2.docx"'
    )
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        assert "word/document.xml" in package.namelist()
        assert "docProps/thumbnail.jpeg" not in package.namelist()

    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Introduction",
        "Summary",
        "What changed since the previous report",
        "Travel",
        "Recommendation 1: Free buses for under-25s",
        "Recommendation 3: Plant 10,000 trees",
        "Homes",
        "Recommendation 2: Insulate every council home",
        "Conclusion",
    ]
    text = _document_text(document)
    assert document.paragraphs[1].text == "Annual report, year one"
    assert document.core_properties.author == "Northbridge District Council"
    assert document.core_properties.title == "Annual report, year one"
    today_text = f"{today().day} {today():%B %Y}"
    assert f"Period: {today_text} to {today_text}" in text
    assert "Compared with The council’s first response" in text
    assert "Council’s decision: Accepted" in text
    assert "Council’s decision: Partly accepted" in text
    assert "Council’s decision: Not accepted" in text
    assert "Progress: In progress, 40% done" in text
    assert "Published in this period" in text
    first = _document_text(Document(io.BytesIO(client.get(ANNUAL[:-1] + "1.docx").data)))
    assert "No change in this period, because: Cabinet meets in May." in first
    assert "This is the first report, so everything published so far is new." in first
    assert "See the plan (https://example.org/plan)" in text
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "every member" in bold
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"][:2] == [
        "Buses",
        "Trees",
    ]
    assert "<script>x</script>" in text  # shown as the words typed, never run


def test_the_word_summary_has_the_same_numbers_as_the_csv_and_json(client, world):
    publish_two_reports(world)
    document = Document(io.BytesIO(client.get(ANNUAL + ".docx").data))
    summary_table, changes_table = document.tables
    summary = {row.cells[0].text: int(row.cells[1].text) for row in summary_table.rows[1:]}
    data = client.get(ANNUAL + ".json").get_json()
    rows = list(csv.DictReader(io.StringIO(client.get(ANNUAL + ".csv").get_data(as_text=True))))

    assert summary == {
        "Accepted (including accepted with changes)": data["summary"]["accepted"],
        "Partly accepted": data["summary"]["partly_accepted"],
        "Not accepted": data["summary"]["not_accepted"],
        "No decision yet, under consideration or referred": data["summary"]["undecided"],
        "Completed": data["summary"]["completed"],
        "Changed since the previous report": data["summary"]["changed"],
        "All recommendations": data["summary"]["total"],
    }
    assert summary["Changed since the previous report"] == 2
    assert summary["Changed since the previous report"] == sum(
        row["changed"] == "yes" for row in rows
    )
    assert summary["All recommendations"] == len(rows) == 3
    changed = {row.cells[0].text for row in changes_table.rows[1:]}
    assert changed == {"1. Free buses for under-25s", "3. Plant 10,000 trees"}
    for row in rows:
        label = {"accepted": "Accepted", "not_accepted": "Not accepted"}.get(
            row["decision"], "Partly accepted"
        )
        assert f"Recommendation {row['number']}: {row['title']}" in _document_text(document)
        assert f"Council’s decision: {label}" in _document_text(document)


def test_the_report_page_links_to_the_word_document(client, world):
    publish_two_reports(world)
    page = client.get(ANNUAL).get_data(as_text=True)
    assert "Download this report for a committee (Word)" in text_of(client.get(ANNUAL))
    assert 'href="/assemblies/climate-2025/reports/2.docx"' in page

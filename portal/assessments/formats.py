"""A closed assessment round's results as open data: CSV (one row per recommendation, then one
per theme) and JSON. Counts only, and the reasons members agreed may be quoted; never a name or
anyone's own answers."""

from __future__ import annotations

import csv
import io

from portal.assessments.services import RATINGS
from portal.models import Report
from portal.reports.formats import _cell

CSV_COLUMNS = [
    "level",
    "number",
    "title",
    "theme",
    "answers",
    *[column for rating in RATINGS for column in (rating.value, f"{rating.value}_percent")],
    "took_part",
    "members",
]


def _counts(row: dict) -> list:
    return [value for count in row["counts"] for value in (count["count"], count["percent"])]


def results_csv(report: Report, results: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    people = [results["took_part"], results["members"]]
    for row in results["recommendations"]:
        writer.writerow(
            [
                "recommendation",
                row["number"],
                _cell(row["title"]),
                _cell(row["theme"]),
                row["answers"],
                *_counts(row),
                *people,
            ]
        )
    for row in results["themes"]:
        writer.writerow(
            [
                "theme",
                "",
                _cell(row["theme"]),
                _cell(row["theme"]),
                row["answers"],
                *_counts(row),
                *people,
            ]
        )
    return out.getvalue()


def _json_counts(row: dict) -> dict:
    return {
        count["rating"]: {"count": count["count"], "percent": count["percent"]}
        for count in row["counts"]
    }


def results_json(report: Report, results: dict) -> dict:
    return {
        "assembly": report.assembly.slug,
        "report": report.number,
        "report_title": report.title,
        "opened_on": results["opened_on"].isoformat(),
        "closed_on": results["closed_on"].isoformat(),
        "took_part": results["took_part"],
        "members": results["members"],
        "ratings": [rating["rating"] for rating in results["ratings"]],
        "recommendations": [
            {
                "number": row["number"],
                "title": row["title"],
                "theme": row["theme"],
                "answers": row["answers"],
                "ratings": _json_counts(row),
                "quoted_reasons": row["quotes"],
            }
            for row in results["recommendations"]
        ],
        "themes": [
            {
                "theme": row["theme"],
                "recommendations": row["numbers"],
                "answers": row["answers"],
                "ratings": _json_counts(row),
            }
            for row in results["themes"]
        ],
    }

"""The results chart: one bar per recommendation (or theme), split by rating in proportion to
the answers, drawn as inline SVG. Its ``desc`` gives every number the table beside it shows."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

WIDTH = 360
ROW = 56
BAR_HEIGHT = 22
LEGEND = 60
COLOURS = {
    "adequate": "#00703c",
    "partly_adequate": "#1d70b8",
    "not_adequate": "#d4351c",
    "no_view": "#505a5f",
}


@dataclass(frozen=True)
class Segment:
    rating: str
    label: str
    count: int
    percent: int
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    answers: int
    label_y: int
    bar_y: int
    segments: list[Segment]


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str
    x: int
    y: int


@dataclass(frozen=True)
class ResultsChart:
    id: str
    title: str
    description: str
    rows: list[ChartRow]
    legend: list[LegendItem]
    width: int
    height: int
    bar_height: int


def _row_label(row: dict, by_theme: bool) -> str:
    if by_theme:
        return row["theme"]
    return _("Recommendation %(number)d", number=row["number"])


def _describe(label: str, row: dict) -> str:
    parts = ", ".join(
        _(
            "%(label)s %(count)d (%(percent)d%%)",
            label=c["label"],
            count=c["count"],
            percent=c["percent"],
        )
        for c in row["counts"]
    )
    return _("%(label)s: %(parts)s.", label=label, parts=parts)


def results_chart(rows: list[dict], *, by_theme: bool = False) -> ResultsChart:
    chart_rows = []
    for index, row in enumerate(rows):
        top = LEGEND + index * ROW
        x = 0.0
        segments = []
        for count in row["counts"]:
            width = WIDTH * count["count"] / row["answers"] if row["answers"] else 0
            segments.append(
                Segment(
                    rating=count["rating"],
                    label=count["label"],
                    count=count["count"],
                    percent=count["percent"],
                    x=round(x, 2),
                    width=round(width, 2),
                    colour=COLOURS[count["rating"]],
                )
            )
            x += width
        chart_rows.append(
            ChartRow(
                label=_row_label(row, by_theme),
                answers=row["answers"],
                label_y=top + 18,
                bar_y=top + 26,
                segments=segments,
            )
        )
    first = rows[0]["counts"] if rows else []
    legend = [
        LegendItem(
            label=count["label"],
            colour=COLOURS[count["rating"]],
            x=(index % 2) * 180,
            y=6 + (index // 2) * 26,
        )
        for index, count in enumerate(first)
    ]
    return ResultsChart(
        id="assessment-themes-chart" if by_theme else "assessment-chart",
        title=_("Members’ assessment by theme")
        if by_theme
        else _("Members’ assessment of each recommendation"),
        description=" ".join(
            _describe(row.label, raw) for row, raw in zip(chart_rows, rows, strict=True)
        ),
        rows=chart_rows,
        legend=legend,
        width=WIDTH,
        height=LEGEND + max(len(rows), 1) * ROW,
        bar_height=BAR_HEIGHT,
    )

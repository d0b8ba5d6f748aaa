"""Helpers for the public record tests: reading the CSV and Atom feeds as their readers would."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET


def csv_rows(response) -> list[dict]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def parse_feed(response) -> ET.Element:
    """The Atom feed parsed with the standard library, as a feed reader would read it."""
    return ET.fromstring(response.data)  # noqa: S314 - the portal's own output, in a test

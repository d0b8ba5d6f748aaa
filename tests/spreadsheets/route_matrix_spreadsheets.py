"""Route matrix rows for the spreadsheet pages (anonymous, member A, member B, officer, organiser).

POSTs carry only a CSRF token: the confirm steps find no pending upload and redirect.
"""

LOGIN = 302

ROUTES = {
    "spreadsheets.spreadsheet_page": (
        "GET",
        "/tracker/spreadsheet",
        (LOGIN, 403, 403, 200, 200, 403, 403, 403),
    ),
    "spreadsheets.confirm_updates": (
        "POST",
        "/tracker/spreadsheet/confirm",
        (LOGIN, 403, 403, 302, 302, 403, 403, 403),
    ),
    "spreadsheets.export_csv": (
        "GET",
        "/tracker/export.csv?assembly={assembly_a}",
        (LOGIN, 403, 403, 200, 200, 403, 403, 403),
    ),
    "spreadsheets.export_xlsx": (
        "GET",
        "/tracker/export.xlsx?assembly={assembly_a}",
        (LOGIN, 403, 403, 200, 200, 403, 403, 403),
    ),
    "spreadsheets.import_recommendations": (
        "GET",
        "/tracker/import-recommendations",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
    "spreadsheets.confirm_recommendations": (
        "POST",
        "/tracker/import-recommendations/confirm",
        (LOGIN, 403, 403, 403, 302, 403, 403, 403),
    ),
}

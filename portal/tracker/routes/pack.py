"""The monthly internal pack, as a page and as an Excel file, for everyone inside the tracker."""

from __future__ import annotations

from flask import Response, render_template
from flask_babel import gettext
from flask_login import current_user

from portal.permissions import internal_required, tracker_assembly_ids
from portal.spreadsheets.files import XLSX_MEDIA_TYPE
from portal.templating import format_month
from portal.tracker import pack as packs
from portal.tracker.routes import bp


@bp.route("/pack")
@internal_required
def pack():
    monthly = packs.build_pack(tracker_assembly_ids(current_user))
    return render_template(
        "tracker/pack.html",
        title=gettext("Monthly pack for %(month)s", month=format_month(monthly.month_start)),
        pack=monthly,
        Rag=packs.Rag,
    )


@bp.route("/pack.xlsx")
@internal_required
def pack_xlsx():
    monthly = packs.build_pack(tracker_assembly_ids(current_user))
    filename = f"monthly-pack-{monthly.month_start:%Y-%m}.xlsx"
    return Response(
        packs.pack_xlsx(monthly),
        mimetype=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

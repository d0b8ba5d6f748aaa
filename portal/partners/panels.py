"""The civic charter on a public assembly page: a link to it where it has one, and for
organisers a link to write one or to the requests waiting."""

from __future__ import annotations

from portal.partners import charter as charters
from portal.permissions import can_manage_charter


def charter_link_panel(assembly, user) -> dict | None:
    manage = can_manage_charter(user)
    charter = charters.charter_of(assembly)
    if charter is None and not manage:
        return None
    return {
        "template": "partners/_assembly_panel.html",
        "assembly": assembly,
        "has_charter": charter is not None,
        "signatory_count": len(charters.signatories(assembly)) if charter else 0,
        "pending_count": charters.pending_count(assembly) if manage else 0,
        "can_manage": manage,
    }

"""The civic charter on a public assembly page: a link to it where it has one, and for
organisers a link to write one or to the requests waiting."""

from __future__ import annotations

from portal.partners import charter as charters
from portal.permissions import can_manage_charter


def charter_link_panel(assembly, user) -> dict | None:
    """One statement for visitors (whether there is a charter, and how many signed)."""
    manage = can_manage_charter(user)
    has_charter, signed = charters.charter_summary(assembly)
    if not has_charter and not manage:
        return None
    return {
        "template": "partners/_assembly_panel.html",
        "assembly": assembly,
        "has_charter": has_charter,
        "signatory_count": signed,
        "pending_count": charters.pending_count(assembly) if manage else 0,
        "can_manage": manage,
    }

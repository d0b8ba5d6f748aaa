"""The tracker: officers and organisers keep every recommendation's response up to date.

Adds its navigation entries when imported, and its demo history when the blueprint is
registered (after every package has loaded, so importing the demo cannot be circular).
"""

from flask import Blueprint

from portal.templating import NAVIGATION

bp = Blueprint("tracker", __name__)

_NAVIGATION_ENTRIES = [
    ("tracker.my_recommendations", "My recommendations", ("officer",)),
    ("tracker.table", "Tracker", ("officer", "organiser")),
]


def _add_navigation() -> None:
    """Put the tracker's entries just before "Your account", which stays last."""
    endpoints = [entry[0] for entry in NAVIGATION]
    position = endpoints.index("auth.account") if "auth.account" in endpoints else len(NAVIGATION)
    for entry in _NAVIGATION_ENTRIES:
        if entry not in NAVIGATION:
            NAVIGATION.insert(position, entry)
            position += 1


def _add_demo_history(_state=None) -> None:
    from portal.demo import DEMO_EXTENSIONS
    from portal.tracker.demo import add_response_history

    if add_response_history not in DEMO_EXTENSIONS:
        DEMO_EXTENSIONS.append(add_response_history)


_add_navigation()
bp.record_once(_add_demo_history)

from portal.tracker import routes  # noqa: E402,F401

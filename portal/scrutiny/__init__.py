"""Member scrutiny: follow, discuss, judge and question the authority's responses.

Importing the package registers its routes, its panels on the shared pages, its event listener
and its demo content; ``create_app`` registers the blueprint.
"""

from flask import Blueprint

bp = Blueprint("scrutiny", __name__)

from portal.scrutiny import demo, panels, routes, templating  # noqa: E402

panels.register()
templating.register(bp)
demo.register()
del routes  # imported for its side effect: the views register themselves on bp

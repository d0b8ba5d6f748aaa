"""The public record: assemblies, their recommendations and the council's responses, plus open data.

Public assemblies are open to everyone; a private assembly is shown only to its members, officers
and organisers, and is a 404 to everyone else.
"""

from flask import Blueprint

bp = Blueprint("public", __name__)

from portal.public import routes  # noqa: E402,F401

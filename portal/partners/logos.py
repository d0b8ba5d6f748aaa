"""Organisation logos: an upload is decoded to prove it is a real PNG or JPEG, shrunk to fit
400 by 400 pixels and saved again (which drops any metadata, such as where a photo was taken).

The stored image is what the portal serves, at ``/organisations/<id>/logo.<png|jpg>``.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from portal.extensions import db
from portal.models import Organisation, OrganisationLogo
from portal.timeutil import utcnow

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_SIDE = 400
MAX_PIXELS = 40_000_000  # what a 2 MB file could claim to hold before it is decoded
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}


class LogoError(ValueError):
    """The upload is not a logo the portal can use; the message says why in plain English."""


@dataclass
class Logo:
    data: bytes
    content_type: str
    width: int
    height: int


def not_an_image() -> str:
    return _("The logo must be a PNG or JPEG image. Save it as .png or .jpg and try again")


def process_logo(data: bytes) -> Logo:
    """Decode ``data``, refuse anything that is not a whole PNG or JPEG, and shrink it."""
    if not data:
        raise LogoError(_("The selected file is empty"))
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(_("The logo must be smaller than 2 MB"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    raise LogoError(not_an_image())
                if width * height > MAX_PIXELS:
                    raise LogoError(_("The logo must be smaller than 2 MB"))
                probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            image.load()  # a truncated file fails here
    except LogoError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise LogoError(not_an_image()) from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    else:
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85)
    return Logo(out.getvalue(), FORMATS[kind], image.width, image.height)


def save_logo(organisation: Organisation, logo: Logo) -> OrganisationLogo:
    """Keep ``logo`` as the organisation's, replacing any it had. The caller commits."""
    stored = db.session.get(OrganisationLogo, organisation.id)
    if stored is None:
        stored = OrganisationLogo(organisation_id=organisation.id)
        db.session.add(stored)
    stored.data = logo.data
    stored.content_type = logo.content_type
    stored.width = logo.width
    stored.height = logo.height
    stored.digest = hashlib.sha256(logo.data).hexdigest()
    stored.updated_at = utcnow()
    organisation.logo_digest = stored.digest
    return stored


def logo_extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "png")

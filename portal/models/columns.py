"""Column types shared by the models."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_type(enum_class: type[enum.StrEnum], length: int) -> Enum:
    """A string enum stored as its values in a plain ``VARCHAR(length)``, with no CHECK.

    Rows hold the same strings as before the columns were typed (``"accepted"``, not
    ``"ACCEPTED"``), so the schema stays portable and a new member needs no migration. Reading a
    row gives the enum member; writing a string that is not a member's value fails at once.
    """
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )

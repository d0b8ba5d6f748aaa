"""Flask extensions, created unbound here and initialised in :func:`portal.create_app`."""

from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The typed declarative base of every model (SQLAlchemy 2 ``Mapped[]`` annotations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# ``db.Model`` is built at run time from ``Base`` (plus Flask-SQLAlchemy's table-name and bind
# mixins), so a type checker cannot see through it. Models subclass ``Model``: to mypy it is
# the typed base, at run time it is ``db.Model`` itself.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FlaskModel

    class Model(Base, _FlaskModel):
        __abstract__ = True

else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address)


def init_app(app, migrations: str) -> None:
    """Bind every extension to the application; ``migrations`` is Alembic's folder."""
    db.init_app(app)
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)

"""Decisions referred to an organisation: choosing it and a respond-by date with the decision,
emailing the organisation when the decision is published, its partner's response, and which
referrals are waiting or overdue.

Who is emailed (``recipients``): every active partner of the organisation; if it has none, the
contact address of its most recent approved charter signature (any assembly); if it has
neither, nobody (the referral still shows on the public record and on the partner home page of
anyone later invited for it). No answer by ``respond_by`` is overdue, by the same rule and tags
as the council's reports (``portal.tracker.deadlines.lateness``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    CharterSignature,
    Organisation,
    Recommendation,
    Referral,
    ResponseEntry,
    Role,
    SignatureState,
    User,
)
from portal.problems import Problems
from portal.timeutil import today, utcnow
from portal.tracker.deadlines import Lateness, lateness

MAX_RESPONSE = 5_000
REFERRED = "referred"
# How far ahead a respond-by date may be: a year is plenty, and a typo like 2062 is caught.
MAX_DAYS_AHEAD = 366


def organisation_choices() -> list[tuple[str, str]]:
    """(id, name) of every listed organisation, by name, for the decision form."""
    return [
        (str(organisation_id), name)
        for organisation_id, name in db.session.execute(
            select(Organisation.id, Organisation.name).order_by(func.lower(Organisation.name))
        )
    ]


def organisation_id_from(text: str | None) -> int | None:
    """The organisation id a form sent: None for none; -1 for anything that is not an id."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) < 10 else -1


def check_referral(
    decision: str | None,
    referred_to: str | None,
    organisation_id: int | None,
    respond_by: date | None,
    *,
    publishing: bool,
) -> dict[str, str]:
    """The rules for the organisation and respond-by date of a decision. Only a ``referred``
    decision keeps them (for other decisions they are ignored, like the body's name)."""
    if decision != REFERRED:
        return {}
    problems: dict[str, str] = {}
    organisation = None
    if organisation_id is not None:
        organisation = (
            db.session.get(Organisation, organisation_id) if organisation_id > 0 else None
        )
        if organisation is None:
            problems["referred_organisation"] = _("Choose an organisation from the list")
    typed = (referred_to or "").strip()
    if organisation is not None and typed and typed.casefold() != organisation.name.casefold():
        problems["referred_to"] = _(
            "Choose an organisation from the list or type the name of a body that is not "
            "listed, not both"
        )
    if organisation_id is None and respond_by is not None:
        problems["respond_by"] = _(
            "Choose the organisation that should respond, or remove the date"
        )
    elif organisation_id is not None and publishing and respond_by is None:
        problems["respond_by"] = _("Enter the date the organisation should respond by")
    elif respond_by is not None and publishing and respond_by <= today():
        problems["respond_by"] = _("The date to respond by must be in the future")
    elif respond_by is not None and (respond_by - today()).days > MAX_DAYS_AHEAD:
        problems["respond_by"] = _("The date to respond by must be within a year")
    return problems


def fill_referral(
    entry: ResponseEntry, organisation_id: int | None, respond_by: date | None
) -> None:
    """Give ``entry`` (a decision being saved, published or previewed) its referral, change
    it, or take it away. The caller has checked the values."""
    organisation = (
        db.session.get(Organisation, organisation_id)
        if entry.decision == REFERRED and organisation_id and organisation_id > 0
        else None
    )
    if organisation is None:
        if entry.id is not None and entry.referral is not None:
            entry.referral = None
        return
    entry.referred_to = organisation.name
    referral = entry.referral if entry.id is not None else None
    if referral is None:
        referral = Referral(organisation=organisation)
        referral.organisation_id = organisation.id
        entry.referral = referral
    else:
        referral.organisation = organisation
        referral.organisation_id = organisation.id
    # A draft may not have its date yet; a published referral always has one (check_referral).
    referral.respond_by = respond_by


def recipients(organisation: Organisation) -> list[tuple[str, User | None]]:
    """Who is told about a referral: (address, user) pairs. See the module's docstring."""
    partners = list(
        db.session.scalars(
            select(User)
            .where(
                User.organisation_id == organisation.id,
                User.role == Role.PARTNER,
                User.is_active_account.is_(True),
            )
            .order_by(User.id)
        )
    )
    if partners:
        return [(partner.email, partner) for partner in partners]
    contact = db.session.scalar(
        select(CharterSignature.contact_email)
        .where(
            CharterSignature.organisation_id == organisation.id,
            CharterSignature.state == SignatureState.APPROVED,
        )
        .order_by(CharterSignature.signed_on.desc(), CharterSignature.id.desc())
        .limit(1)
    )
    return [(contact, None)] if contact else []


def on_entry_published(entry: ResponseEntry, **_payload) -> None:
    """The ``entry_published`` listener: email the organisation a published referral asks."""
    if entry.kind != "decision" or entry.referral is None or entry.referral.notified_at:
        return
    notify(entry.referral)


def notify(referral: Referral) -> None:
    from portal.mail import send_email
    from portal.templating import absolute_url

    entry = referral.entry
    recommendation = entry.recommendation
    assembly = recommendation.assembly
    link = absolute_url("partners.respond_to_referral", referral_id=referral.id)
    public_link = absolute_url(
        "public.recommendation", slug=assembly.slug, number=recommendation.number
    )
    for address, user in recipients(referral.organisation):
        send_email(
            address,
            _(
                "Please respond by %(date)s: %(assembly)s recommendation %(number)s",
                date=_format(referral.respond_by),
                assembly=assembly.name,
                number=recommendation.number,
            ),
            "referral_asked",
            user=user,
            user_id=user.id if user else None,
            referral=referral,
            recommendation=recommendation,
            assembly=assembly,
            organisation=referral.organisation,
            respond_by=_format(referral.respond_by),
            link=link,
            public_link=public_link,
        )
    referral.notified_at = utcnow()


def _format(day: date | None) -> str:
    from portal.templating import format_date

    return format_date(day)


def respond(referral: Referral, user: User, text: str) -> None:
    """Record the organisation's response. Raises Problems; the caller commits."""
    if referral.is_answered:
        raise Problems({"response": _("Your organisation has already responded")})
    text = (text or "").strip()
    if not text:
        raise Problems({"response": _("Enter your organisation’s response")})
    if len(text) > MAX_RESPONSE:
        raise Problems(
            {
                "response": _(
                    "The response must be %(limit)s characters or fewer",
                    limit=f"{MAX_RESPONSE:,}",
                )
            }
        )
    referral.response = text
    referral.responded_at = utcnow()
    referral.responded_by_id = user.id


def referral_lateness(referral: Referral, on: date | None = None) -> Lateness:
    """Overdue (and long overdue) while no response has come after ``respond_by``."""
    if referral.is_answered:
        return Lateness.ON_TIME
    return lateness(referral.respond_by, on)


@dataclass(frozen=True)
class ReferralView:
    """A referral as a page shows it: the organisation, dates, lateness and any response."""

    referral: Referral
    late: Lateness

    @property
    def organisation(self) -> Organisation:
        return self.referral.organisation

    @property
    def recommendation(self) -> Recommendation:
        return self.referral.entry.recommendation


def view_of(referral: Referral | None) -> ReferralView | None:
    return ReferralView(referral, referral_lateness(referral)) if referral is not None else None


def _published_referrals():
    return (
        select(Referral)
        .join(Referral.entry)
        .where(ResponseEntry.published_at.is_not(None))
        .options(
            joinedload(Referral.organisation),
            joinedload(Referral.entry)
            .joinedload(ResponseEntry.recommendation)
            .joinedload(Recommendation.assembly),
        )
    )


def referrals_to(organisation: Organisation, *, answered: bool) -> list[ReferralView]:
    """The published referrals to ``organisation``: waiting (earliest date first) or answered
    (latest answer first)."""
    query = _published_referrals().where(Referral.organisation_id == organisation.id)
    if answered:
        query = query.where(Referral.responded_at.is_not(None)).order_by(
            Referral.responded_at.desc()
        )
    else:
        query = query.where(Referral.responded_at.is_(None)).order_by(
            Referral.respond_by, Referral.id
        )
    return [
        ReferralView(referral, referral_lateness(referral))
        for referral in db.session.scalars(query)
    ]


def published_referral(referral_id: int) -> Referral | None:
    return db.session.scalar(_published_referrals().where(Referral.id == referral_id))


SHOW_WAITING, SHOW_OVERDUE, SHOW_ANSWERED = "waiting", "overdue", "answered"
SHOWS = (SHOW_WAITING, SHOW_OVERDUE, SHOW_ANSWERED)
# The organisers' list's filter links, in order (None: every referral).
SHOW_LABELS = {
    None: _l("All"),
    SHOW_WAITING: _l("Waiting for a response"),
    SHOW_OVERDUE: _l("Overdue"),
    SHOW_ANSWERED: _l("Answered"),
}


def _shown(query, show: str | None, on: date):
    if show == SHOW_WAITING:
        return query.where(Referral.responded_at.is_(None))
    if show == SHOW_OVERDUE:
        return query.where(Referral.responded_at.is_(None), Referral.respond_by < on)
    if show == SHOW_ANSWERED:
        return query.where(Referral.responded_at.is_not(None))
    return query


def referrals_in(assembly_id: int, show: str | None) -> list[ReferralView]:
    """An assembly's published referrals for organisers, narrowed by ``show`` (see ``SHOWS``):
    the list the organiser home's figure links to, by the same filter as its count."""
    query = _shown(
        _published_referrals().where(Recommendation.assembly_id == assembly_id), show, today()
    )
    query = query.join(ResponseEntry.recommendation).order_by(
        Referral.respond_by, Recommendation.number, Referral.id
    )
    return [
        ReferralView(referral, referral_lateness(referral))
        for referral in db.session.scalars(query)
    ]


def counts_by_assembly(show: str) -> dict[int, int]:
    """Published referrals per assembly narrowed by ``show``: one grouped query."""
    query = (
        select(Recommendation.assembly_id, func.count(Referral.id))
        .select_from(Referral)
        .join(Referral.entry)
        .join(ResponseEntry.recommendation)
        .where(ResponseEntry.published_at.is_not(None))
        .group_by(Recommendation.assembly_id)
    )
    return {
        assembly_id: number
        for assembly_id, number in db.session.execute(_shown(query, show, today()))
    }

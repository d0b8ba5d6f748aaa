"""Email subscriptions without an account: ask, confirm, manage, unsubscribe.

Every page here is for anyone with the link; the links themselves (signed, carrying the
subscriber's key) are what authorise the manage and unsubscribe pages.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from portal.extensions import csrf, db, limiter
from portal.forms import comparable_email
from portal.links import assembly_url, recommendation_url
from portal.models import Assembly, Recommendation
from portal.permissions import can_subscribe_by_email
from portal.subscriptions import services
from portal.subscriptions.forms import FrequencyForm, ManageForm, SubscribeForm, UnsubscribeAllForm
from portal.subscriptions.services import SubscriptionLinkError
from portal.tokens import TokenError, TokenProblem

bp = Blueprint("subscriptions", __name__)


def _address_key() -> str:
    return "subscribe-address:" + comparable_email(request.form.get("email") or "")


def _ip_key() -> str:
    return "subscribe-ip:" + get_remote_address()


def _limited(view):
    view = limiter.limit(
        lambda: current_app.config["RATELIMIT_SUBSCRIBE_PER_ADDRESS"],
        key_func=_address_key,
        methods=["POST"],
    )(view)
    return limiter.limit(
        lambda: current_app.config["RATELIMIT_SUBSCRIBE_PER_IP"],
        key_func=_ip_key,
        methods=["POST"],
    )(view)


def _public_assembly_or_404(slug: str) -> Assembly:
    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == slug))
    if assembly is None or not can_subscribe_by_email(assembly):
        abort(404)
    return assembly


def _subscribe(assembly: Assembly, recommendation: Recommendation | None):
    form = SubscribeForm()
    if recommendation is not None:
        what = _(
            "recommendation %(number)d: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        )
        back = recommendation_url(recommendation)
    else:
        what = assembly.name
        back = assembly_url(assembly)
    if form.validate_on_submit():
        services.request_subscription(form.email.data, assembly, recommendation)
        db.session.commit()
        return render_template(
            "subscriptions/check_email.html",
            title=_("Check your email"),
            email=form.email.data,
            days=services.CONFIRM_DAYS,
            back=back,
        )
    return render_template(
        "subscriptions/subscribe.html",
        title=_("Get emails about %(what)s", what=what),
        form=form,
        what=what,
        assembly=assembly,
        back=back,
    )


@bp.route("/assemblies/<slug>/subscribe", methods=["GET", "POST"])
@_limited
def subscribe_assembly(slug: str):
    return _subscribe(_public_assembly_or_404(slug), None)


@bp.route("/assemblies/<slug>/recommendations/<int:number>/subscribe", methods=["GET", "POST"])
@_limited
def subscribe_recommendation(slug: str, number: int):
    assembly = _public_assembly_or_404(slug)
    recommendation = db.session.scalar(
        db.select(Recommendation).where(
            Recommendation.assembly_id == assembly.id, Recommendation.number == number
        )
    )
    if recommendation is None:
        abort(404)
    return _subscribe(assembly, recommendation)


def _link_problem(problem: TokenProblem):
    titles = {
        TokenProblem.INVALID: _("This link does not work"),
        TokenProblem.EXPIRED: _("This link has expired"),
        TokenProblem.USED: _("This link does not work"),
    }
    return (
        render_template(
            "subscriptions/link_problem.html",
            title=titles[problem],
            problem=problem.value,
            days=services.CONFIRM_DAYS,
        ),
        400 if problem != TokenProblem.EXPIRED else 410,
    )


@bp.route("/subscriptions/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    try:
        subscription = services.subscription_from_confirm_token(token)
    except TokenError as error:
        return _link_problem(error.problem)
    subscriber = subscription.subscriber
    if subscription.confirmed_at is not None:
        return redirect(url_for("subscriptions.manage", token=services.manage_token(subscriber)))
    form = FrequencyForm()
    if form.validate_on_submit():
        services.confirm(subscription, form.frequency.data)
        target = services.target_name(subscription)
        db.session.commit()
        flash(_("You are subscribed to emails about: %(what)s", what=target), "success")
        return redirect(url_for("subscriptions.manage", token=services.manage_token(subscriber)))
    return render_template(
        "subscriptions/confirm.html",
        title=_("Choose how often you get emails"),
        form=form,
        target=services.target_name(subscription),
        email=subscriber.email,
    )


def _manage_forms(subscriber) -> list[tuple]:
    rows = []
    for subscription in services.confirmed_subscriptions(subscriber):
        form = ManageForm(
            formdata=None,
            subscription=str(subscription.id),
            frequency=subscription.frequency.value,
            prefix=f"s{subscription.id}",
        )
        rows.append((subscription, form))
    return rows


@bp.route("/subscriptions/<token>", methods=["GET", "POST"])
def manage(token: str):
    try:
        subscriber = services.subscriber_from_manage_token(token)
    except SubscriptionLinkError:
        return _link_problem(TokenProblem.INVALID)
    here = url_for("subscriptions.manage", token=token)
    if request.method == "POST":
        everything = UnsubscribeAllForm()
        if everything.everything.data and everything.validate_on_submit():
            services.cancel_all(subscriber)
            db.session.commit()
            flash(
                _("You have unsubscribed %(email)s from every email.", email=subscriber.email),
                "success",
            )
            return redirect(here)
        chosen = _chosen_form(subscriber)
        if chosen is None:
            abort(400)
        subscription, form = chosen
        if not form.validate():
            abort(400)
        target = services.target_name(subscription)
        if form.cancel.data:
            services.cancel(subscription)
            message = _("You will no longer get emails about: %(what)s", what=target)
        else:
            try:
                services.change_frequency(subscription, form.frequency.data or "")
            except ValueError:
                abort(400)
            message = _(
                "Saved. How often you get emails about %(what)s: %(how)s",
                what=target,
                how=subscription.frequency.label,
            )
        db.session.commit()
        flash(message, "success")
        return redirect(here)
    return render_template(
        "subscriptions/manage.html",
        title=_("Your email subscriptions"),
        subscriber=subscriber,
        rows=_manage_forms(subscriber),
        everything=UnsubscribeAllForm(formdata=None),
        target_name=services.target_name,
        target_url=lambda subscription: services.target_url(subscription, external=False),
    )


def _chosen_form(subscriber):
    """The one subscription form that was posted, read with its own prefix."""
    for subscription in services.confirmed_subscriptions(subscriber):
        prefix = f"s{subscription.id}"
        if f"{prefix}-subscription" in request.form:
            form = ManageForm(prefix=prefix)
            if form.subscription.data != str(subscription.id):
                return None
            return subscription, form
    return None


@bp.route("/subscriptions/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit("60 per minute")
def unsubscribe(token: str):
    """GET asks to confirm; POST ``List-Unsubscribe=One-Click`` unsubscribes at once.

    Mail providers POST here without cookies or a CSRF token (RFC 8058), so this view is exempt
    from CSRF: the signed token, carrying the subscriber's key, is what authorises it.
    """
    try:
        leaving = services.read_unsubscribe_token(token)
    except SubscriptionLinkError:
        return _link_problem(TokenProblem.INVALID)
    subscriber, subscription = leaving.subscriber, leaving.subscription
    manage_link = url_for("subscriptions.manage", token=services.manage_token(subscriber))
    if leaving.everything:
        what = _("everything you subscribed to")
    elif subscription is not None:
        what = services.target_name(subscription)
    else:
        what = _("a subscription you have already stopped")
    if request.method == "POST":
        if request.form.get("List-Unsubscribe") != "One-Click":
            return render_template(
                "subscriptions/unsubscribe.html",
                title=_("Stop these emails"),
                what=what,
                email=subscriber.email,
                manage_link=manage_link,
                problem=True,
            ), 400
        if leaving.everything:
            services.cancel_all(subscriber)
        elif subscription is not None:
            services.cancel(subscription)
        db.session.commit()
        return render_template(
            "subscriptions/unsubscribed.html",
            title=_("You have unsubscribed"),
            what=what,
            email=subscriber.email,
            manage_link=manage_link,
        )
    return render_template(
        "subscriptions/unsubscribe.html",
        title=_("Stop these emails"),
        what=what,
        email=subscriber.email,
        manage_link=manage_link,
        problem=False,
    )

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user

from portal.admin import invitations
from portal.auth import devices, services, sessions
from portal.auth.forms import (
    AcceptInvitationForm,
    AccountDetailsForm,
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmForm,
    EmailOnlyForm,
    EndOtherSessionsForm,
    LoginForm,
    SetPasswordForm,
)
from portal.auth.passwords import verify_password
from portal.extensions import db, limiter
from portal.permissions import can_change_display_name, signed_in_required
from portal.redirects import safe_next
from portal.tokens import TokenError

bp = Blueprint("auth", __name__)


def _email_key() -> str:
    """The normalised address typed, as a keyed hash: the same person however it is spelt."""
    return "address:" + services.address_key(request.form.get("email") or "")


def _sign_in_key() -> str:
    """Failed passwords count per browser where this person signed in before, else per address."""
    device = devices.trusted_device_key(request.form.get("email") or "")
    return f"device:{device}" if device else _email_key()


def _sign_in_failed(response) -> bool:
    return bool(g.get("sign_in_failed"))


def _limit(config_key: str):
    return lambda: current_app.config[config_key]


def limited(ip_key: str, account_key: str):
    """Per-IP and per-account limits on POSTs; 429 shows a plain page."""

    def decorator(view):
        view = limiter.limit(_limit(account_key), key_func=_email_key, methods=["POST"])(view)
        return limiter.limit(_limit(ip_key), methods=["POST"])(view)

    return decorator


def landing_page() -> str:
    return url_for("main.home")


def link_problem_page(error: TokenError, what: str):
    return (
        render_template(
            "auth/link_problem.html",
            title=_LINK_TITLES[error.problem],
            problem=error.problem,
            what=what,
        ),
        400 if error.problem == "invalid" else 410,
    )


_LINK_TITLES = {
    "invalid": "This link does not work",
    "expired": "This link has expired",
    "used": "This link has already been used",
}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _limit("RATELIMIT_SIGN_IN_PER_ACCOUNT"),
    key_func=_sign_in_key,
    methods=["POST"],
    deduct_when=_sign_in_failed,
)
@limiter.limit(_limit("RATELIMIT_SIGN_IN_PER_IP"), methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(landing_page())
    form = LoginForm()
    days = current_app.config["REMEMBER_ME_DAYS"]
    form.remember.label.text = ngettext(
        "Keep me signed in on this device for %(num)d day",
        "Keep me signed in on this device for %(num)d days",
        days,
    )
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.sign_in_failed = True  # only failures count towards the limit
            form.email.errors.append("Enter a correct email address and password")
            form.password.data = ""
        else:
            services.sign_in(user, remember=form.remember.data)
            response = redirect(safe_next(request.args.get("next")) or landing_page())
            devices.remember_device(response, user.email)
            return response
    return render_template("auth/login.html", title=_("Sign in"), form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.end_current()
    db.session.commit()
    logout_user()
    session.clear()
    session["_remember"] = "clear"  # Flask-Login then deletes the "Keep me signed in" cookie
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/login/link", methods=["GET", "POST"])
@limited("RATELIMIT_LINKS_PER_IP", "RATELIMIT_LINKS_PER_ACCOUNT")
def request_sign_in_link():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.email_sign_in_link(form.email.data)
        return render_template(
            "auth/check_email.html",
            title=_("Check your email"),
            email=form.email.data,
            purpose="sign_in",
        )
    return render_template(
        "auth/request_link.html", title=_("Get a sign-in link by email"), form=form
    )


@bp.route("/login/link/<token>", methods=["GET", "POST"])
def sign_in_with_link(token: str):
    # Showing a button first means email scanners that open links do not use them up.
    form = ConfirmForm()
    try:
        if form.validate_on_submit():
            record = services.redeem_link(token, services.SIGN_IN_LINK)
            services.sign_in(record.user)
            response = redirect(landing_page())
            devices.remember_device(response, record.user.email)
            return response
        services.check_link(token, services.SIGN_IN_LINK)
    except TokenError as error:
        db.session.rollback()
        return link_problem_page(error, "sign_in")
    return render_template("auth/confirm_link.html", title=_("Sign in to the portal"), form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limited("RATELIMIT_LINKS_PER_IP", "RATELIMIT_LINKS_PER_ACCOUNT")
def forgot_password():
    form = EmailOnlyForm()
    form.submit.label.text = "Send me a reset link"
    if form.validate_on_submit():
        services.email_password_reset(form.email.data)
        return render_template(
            "auth/check_email.html",
            title=_("Check your email"),
            email=form.email.data,
            purpose="reset",
        )
    return render_template("auth/forgot_password.html", title=_("Reset your password"), form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = SetPasswordForm()
    try:
        record = services.check_link(token, services.PASSWORD_RESET)
    except TokenError as error:
        return link_problem_page(error, "reset")
    form.personal_values = (record.user.email, record.user.name)
    if form.validate_on_submit():
        try:
            record = services.redeem_link(token, services.PASSWORD_RESET)
        except TokenError as error:
            db.session.rollback()
            return link_problem_page(error, "reset")
        services.set_password(record.user, form.password.data)
        services.sign_in(record.user)
        flash(
            _("Your password has been changed. Every other device has been signed out."), "success"
        )
        return redirect(landing_page())
    return render_template("auth/reset_password.html", title=_("Choose a new password"), form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    form = AcceptInvitationForm()
    try:
        invitation = invitations.invitation_for_token(token)
    except TokenError as error:
        return link_problem_page(error, "invitation")
    form.personal_values = (invitation.email, invitation.name)
    if form.validate_on_submit():
        try:
            user = invitations.accept(token, form.password.data)
        except TokenError as error:
            db.session.rollback()
            return link_problem_page(error, "invitation")
        services.sign_in(user)
        flash(_("Your account is ready. Welcome to the portal."), "success")
        return redirect(landing_page())
    return render_template(
        "auth/accept_invitation.html",
        title=_("Create your account"),
        form=form,
        invitation=invitation,
    )


@bp.route("/account", methods=["GET", "POST"])
@signed_in_required
def account():
    form = AccountDetailsForm(obj=current_user)
    status = 200
    if form.validate_on_submit():
        if form.display_name.data != current_user.display_name and not can_change_display_name(
            current_user
        ):
            form.display_name.errors.append(
                _(
                    "You cannot change the name others see at the moment, because an "
                    "organiser has suspended you from posting"
                )
            )
            status = 403
        else:
            current_user.name = form.name.data
            current_user.display_name = form.display_name.data
            db.session.commit()
            flash(_("Your details have been saved."), "success")
            return redirect(url_for("auth.account"))
    return (
        render_template(
            "auth/account.html",
            title=_("Your account"),
            form=form,
            end_others_form=EndOtherSessionsForm(prefix="sessions"),
            other_sessions=sessions.others_count(current_user),
        ),
        status,
    )


@bp.route("/account/sign-out-others", methods=["POST"])
@signed_in_required
def sign_out_other_devices():
    if EndOtherSessionsForm(prefix="sessions").validate_on_submit():
        ended = sessions.end_all(current_user, keep_current=True)
        db.session.commit()
        flash(
            ngettext(
                "You have signed out of %(num)d other device.",
                "You have signed out of %(num)d other devices.",
                ended,
            ),
            "success",
        )
    return redirect(url_for("auth.account"))


@bp.route("/account/email", methods=["GET", "POST"])
@signed_in_required
@limited("RATELIMIT_LINKS_PER_IP", "RATELIMIT_LINKS_PER_ACCOUNT")
def change_email():
    form = ChangeEmailForm()
    if not current_user.password_hash:
        del form.password
    if form.validate_on_submit():
        if current_user.password_hash and not verify_password(
            current_user.password_hash, form.password.data
        ):
            form.password.errors.append("Your current password is not correct")
        elif (
            getattr(services.find_user_by_email(form.email.data), "id", None) == current_user.id
            and not current_user.email_failing
        ):
            form.email.errors.append(_("That is already your email address. Enter a new one"))
        else:
            services.request_email_change(current_user, form.email.data)
            return render_template(
                "auth/check_email.html",
                title=_("Check your email"),
                email=form.email.data,
                purpose="email_change",
            )
    return render_template(
        "auth/change_email.html", title=_("Change your email address"), form=form
    )


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    form = ConfirmForm()
    form.submit.label.text = "Confirm new email address"
    try:
        if form.validate_on_submit():
            user = services.confirm_email_change(token)
            flash(_("Your email address is now %(email)s.", email=user.email), "success")
            return redirect(
                url_for("auth.account") if current_user.is_authenticated else url_for("auth.login")
            )
        services.check_link(token, services.EMAIL_CHANGE)
    except TokenError as error:
        db.session.rollback()
        return link_problem_page(error, "email_change")
    return render_template(
        "auth/confirm_link.html", title=_("Confirm your new email address"), form=form
    )


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in_required
def change_password():
    form = ChangePasswordForm()
    if not current_user.password_hash:
        del form.current_password
    form.personal_values = (current_user.email, current_user.name)
    if form.validate_on_submit():
        if current_user.password_hash and not verify_password(
            current_user.password_hash, form.current_password.data
        ):
            form.current_password.errors.append("Your current password is not correct")
        else:
            services.set_password(current_user, form.password.data)
            db.session.commit()
            services.sign_in(current_user._get_current_object())
            flash(
                _("Your password has been changed. Other devices have been signed out."), "success"
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", title=_("Change your password"), form=form)

"""Email subscription routes for the route matrix: assembly A is private (no subscription for
anyone), B is public (anyone may subscribe, signed in or not). The link pages are for anyone
holding the link."""

from portal.extensions import db
from portal.models import Assembly, Frequency
from portal.subscriptions import services
from portal.tokens import new_link_token

NOBODY = (404,) * 8
ANYONE = (200,) * 8


def extend_world(values, people, app):
    assembly_b = db.session.scalar(db.select(Assembly).where(Assembly.slug == values["assembly_b"]))
    with app.test_request_context():
        services.request_subscription("subscriber@example.org", assembly_b)
        subscriber = services.subscriber_by_email("subscriber@example.org")
        [subscription] = subscriber.subscriptions
        manage = services.manage_token(subscriber)
        leave = services.unsubscribe_token(subscriber, subscription)
        services.request_subscription("pending@example.org", assembly_b)
        pending = services.subscriber_by_email("pending@example.org")
        pending_token, pending_hash = new_link_token(services.CONFIRM_PURPOSE)
        pending.subscriptions[0].confirm_token_hash = pending_hash
        services.confirm(subscription, Frequency.DAILY)
        db.session.commit()
    return {
        "subscription_confirm": pending_token,
        "subscription_manage": manage,
        "subscription_unsubscribe": leave,
    }


ROUTES = {
    "subscriptions.subscribe_assembly": ("GET", "/assemblies/{assembly_a}/subscribe", NOBODY),
    "subscriptions.subscribe_recommendation": (
        "GET",
        "/assemblies/{assembly_b}/recommendations/{recommendation_b}/subscribe",
        ANYONE,
    ),
    "subscriptions.confirm": ("GET", "/subscriptions/confirm/{subscription_confirm}", ANYONE),
    "subscriptions.manage": ("GET", "/subscriptions/{subscription_manage}", ANYONE),
    "subscriptions.unsubscribe": (
        "GET",
        "/subscriptions/unsubscribe/{subscription_unsubscribe}",
        ANYONE,
    ),
}

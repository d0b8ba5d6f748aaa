"""Email: messages are queued in the outbox with the event that causes them; a worker sends them."""

from portal.mail.outbox import send_email

__all__ = ["send_email"]

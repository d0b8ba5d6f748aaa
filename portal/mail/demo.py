"""Demo content for email: a bulletin already sent, and a draft waiting to be checked."""

from __future__ import annotations

from portal.models import BulletinAudience

WELCOME = """Thank you for taking part in the Northbridge Climate Assembly.

The council has started work on your recommendations. You will get an email each time it
publishes a decision or a progress update on a recommendation you follow.

**You choose how often.** Go to *Email preferences* in the portal to get a daily or weekly
summary instead, or to stop emails about some recommendations.
"""

DRAFT = """The council's cabinet meets on Thursday to discuss the first responses.

- The meeting is open to the public.
- You can watch it online at [the council's website](https://www.example.org/meetings).
"""


def add_demo_email(climate, organiser, officers, members, rng) -> None:
    from portal.mail import bulletins

    welcome = bulletins.save_draft(
        None,
        organiser,
        subject="Welcome to the follow-up portal",
        body=WELCOME,
        audience=BulletinAudience.ASSEMBLY,
        assembly=climate,
        recommendation_ids=[],
    )
    bulletins.send_now(welcome)
    bulletins.save_draft(
        None,
        organiser,
        subject="Cabinet meeting on Thursday",
        body=DRAFT,
        audience=BulletinAudience.ASSEMBLY,
        assembly=climate,
        recommendation_ids=[],
    )

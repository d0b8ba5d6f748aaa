"""One mail worker process for the mail benchmarks: prints ``ready``, waits for ``go`` on stdin,
then delivers. ``--until-empty`` keeps going until no message is waiting or claimed (so messages
whose worker was killed are picked up again once their claim lapses)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import timedelta

from sqlalchemy import func, select

from bench.common import make_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--lease", type=float, default=300)
    parser.add_argument("--until-empty", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    app = make_app(args.database, MAIL_SERVER="127.0.0.1", MAIL_PORT=args.smtp_port)
    from portal.extensions import db
    from portal.mail import worker
    from portal.models import MessageState, OutboxMessage

    worker.CLAIM_LEASE = timedelta(seconds=args.lease)
    with app.app_context():
        db.session.execute(select(1))
        db.session.rollback()
        print("ready", flush=True)
        sys.stdin.readline()
        sent = 0
        while True:
            report = worker.deliver_batch(args.batch)
            sent += report.sent
            if report.handled:
                continue
            if not args.until_empty:
                break
            waiting = db.session.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.state.in_(
                        [MessageState.QUEUED, MessageState.RETRYING, MessageState.SENDING]
                    )
                )
            )
            db.session.rollback()
            if not waiting:
                break
            time.sleep(0.2)
        print(f"sent {sent}", flush=True)


if __name__ == "__main__":
    main()

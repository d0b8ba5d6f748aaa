from portal.extensions import db
from portal.mail import send_email
from portal.models import OutboxMessage
from tests.support.mail import html_part, text_part


def _queue(app, to="amira@example.org"):
    with app.app_context():
        message = send_email(
            to,
            "Your sign-in link",
            "sign_in_link",
            user=type("U", (), {"name": "Amira"})(),
            link="http://127.0.0.1/login/link/x",
            minutes=30,
        )
        db.session.commit()
        return message.message_id


def test_the_mail_worker_sends_queued_email_over_smtp_with_both_parts(app, runner, smtp):
    message_id = _queue(app)
    result = runner.invoke(args=["mail-worker", "--once"])
    assert result.exit_code == 0
    assert "sent 1" in result.output
    [message] = smtp.messages
    assert message["Message-ID"] == message_id
    assert message["Subject"] == "Your sign-in link"
    assert "Hello Amira" in text_part(message)
    assert "Hello Amira" in html_part(message)


def test_a_message_is_not_sent_twice_when_the_worker_runs_again(app, runner, smtp):
    _queue(app)
    runner.invoke(args=["mail-worker", "--once"])
    runner.invoke(args=["mail-worker", "--once"])
    assert len(smtp.messages) == 1


def test_a_refused_address_fails_only_its_own_message(app, deliver_mail, smtp):
    smtp.refuse["bounce@example.org"] = "550 5.1.1 No such user"
    _queue(app, "bounce@example.org")
    _queue(app, "fine@example.org")
    report = deliver_mail()
    assert (report.sent, report.failed) == (1, 1)
    with app.app_context():
        failed = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.state == "failed"))
        assert failed.to_address == "bounce@example.org"
        assert "550" in failed.last_error
    assert [m["To"] for m in smtp.messages] == ["fine@example.org"]


def test_when_the_smtp_server_is_down_messages_wait_and_are_sent_once_later(
    app, smtp, deliver_mail
):
    from tests.support.network import free_port

    _queue(app)
    working_port = app.config["MAIL_PORT"]
    app.extensions["mail"].port = free_port()
    try:
        report = deliver_mail()
    finally:
        app.extensions["mail"].port = working_port
    assert report.retrying == 1 and smtp.messages == []
    with app.app_context():
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.state == "retrying" and "Connection" in row.last_error
        row.next_attempt_at = row.created_at
        db.session.commit()
    deliver_mail()
    deliver_mail()
    assert len(smtp.messages) == 1

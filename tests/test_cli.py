from portal.extensions import db
from portal.models import Assembly, Invitation, Membership, Recommendation, User
from tests.support.data import create_assembly, create_user


def test_create_assembly_makes_a_private_assembly_by_default(runner, app_context):
    result = runner.invoke(args=["create-assembly", "climate-2026", "--name", "Climate Assembly"])
    assert result.exit_code == 0, result.output
    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == "climate-2026"))
    assert assembly.name == "Climate Assembly" and assembly.is_public is False


def test_create_assembly_with_a_conclusion_date_and_public_record(runner, app_context):
    result = runner.invoke(
        args=[
            "create-assembly",
            "climate",
            "--name",
            "Climate",
            "--concluded",
            "2026-03-31",
            "--public",
        ]
    )
    assert result.exit_code == 0
    assembly = db.session.scalar(db.select(Assembly))
    assert str(assembly.concluded_on) == "2026-03-31" and assembly.is_public


def test_create_assembly_explains_bad_input_in_one_line(runner, app_context):
    create_assembly("climate")
    for args, reason in [
        (["create-assembly", "Climate 2026", "--name", "X"], "lower-case letters"),
        (["create-assembly", "other", "--name", "X", "--concluded", "31/03/2026"], "YYYY-MM-DD"),
        (["create-assembly", "climate", "--name", "X"], "already uses"),
    ]:
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert reason in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_create_user_with_a_password_from_stdin(runner, app_context):
    create_assembly("climate")
    result = runner.invoke(
        args=[
            "create-user",
            "Amira@Example.org",
            "--name",
            "Amira Khan",
            "--role",
            "member",
            "--assembly",
            "climate",
            "--password-stdin",
        ],
        input="a long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User))
    assert user.email == "amira@example.org" and user.password_hash.startswith("$argon2id$")
    assert db.session.scalar(db.select(Membership.assembly_id).where(Membership.user_id == user.id))


def test_create_user_without_a_password_prints_an_invitation_link(runner, app_context, client):
    result = runner.invoke(
        args=["create-user", "sarah@council.example", "--name", "Sarah W", "--role", "officer"]
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert "/invitation/" in link
    assert db.session.scalar(db.select(Invitation.email)) == "sarah@council.example"
    assert client.get("/" + link.split("/", 3)[3]).status_code == 200


def test_create_user_refuses_bad_input_with_one_line(runner, app_context):
    create_user("taken@example.org")
    cases = [
        (["create-user", "not-an-email", "--name", "X", "--role", "officer"], "correct format"),
        (["create-user", "m@example.org", "--name", "X", "--role", "member"], "--assembly"),
        (
            [
                "create-user",
                "m@example.org",
                "--name",
                "X",
                "--role",
                "member",
                "--assembly",
                "nope",
            ],
            "No assembly",
        ),
        (["create-user", "taken@example.org", "--name", "X", "--role", "member"], "--assembly"),
        (["create-user", "taken@example.org", "--name", "X", "--role", "officer"], "already uses"),
    ]
    for args, reason in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert reason in result.output, (args, result.output)
    weak = runner.invoke(
        args=[
            "create-user",
            "o@example.org",
            "--name",
            "O",
            "--role",
            "organiser",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert weak.exit_code != 0 and "10 characters" in weak.output


def test_demo_fills_an_empty_database_and_prints_the_sign_ins(runner, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "organiser@northbridge.example" in result.output
    members = db.session.scalar(db.select(db.func.count(User.id)).where(User.role == "member"))
    recommendations = db.session.scalar(db.select(db.func.count(Recommendation.id)))
    assert members >= 40 and 15 <= recommendations <= 20
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.role == "officer")) >= 3


def test_demo_refuses_a_database_with_data_unless_asked_to_skip(runner, app_context):
    create_user()
    refused = runner.invoke(args=["demo"])
    assert refused.exit_code != 0 and "empty database" in refused.output
    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert skipped.exit_code == 0 and skipped.output == ""

"""Hostile text posted through the real forms as comments, replies, verdict reasons, report
reasons, questions, answers, and moderators' reasons is shown as harmless text in Chromium.

The page's Content-Security-Policy is bypassed here (see conftest), so these tests show that
escaping and sanitising alone keep the text inert: any script that ran would set
``window.__pwned`` or open a dialog, and either fails the test.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db, limiter
from portal.models import Comment, Question
from tests.scrutiny.xss import XSS_CORPUS
from tests.support.browser import sign_in_in_browser
from tests.support.data import create_user
from tests.support.http import post_form, sign_in

pytestmark = pytest.mark.browser

INERT_CHECK = """() => {
  const main = document.querySelector('main');
  const handlers = [...document.querySelectorAll('*')].flatMap(el =>
      [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
      .filter(h => !/^(https?:|mailto:|\\/|#|\\?)/i.test(h.trim()));
  const embedded = [...main.querySelectorAll('script, iframe, style, img, object, embed, math, svg, details[ontoggle]')]
      .filter(el => !el.classList.contains('govuk-pagination__icon'))
      .filter(el => !el.closest('.portal-chart'))
      .map(el => el.tagName);
  return {pwned: window.__pwned ?? null, handlers, links, embedded};
}"""


def post_everything(client, scene) -> dict:
    """Every payload through every form that takes member or officer text."""
    comment_ids, question_ids = [], []
    posters = [create_user(assemblies=[scene.assembly]) for _ in range(len(XSS_CORPUS))]
    for payload, poster in zip(XSS_CORPUS, posters, strict=True):
        limiter.reset()
        sign_in(client, poster)
        post_form(
            client,
            scene.page + "/comments/new",
            {"body": payload, "entry_id": str(scene.decision.id)},
        )
        comment = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
        comment_ids.append(comment.id)
        post_form(client, f"/comments/{comment.id}/reply", {"body": payload})
        post_form(
            client,
            f"/responses/{scene.decision.id}/verdict",
            {"rating": "not_adequate", "reason": payload},
        )
        post_form(
            client,
            f"/responses/{scene.update.id}/verdict",
            {"rating": "adequate", "reason": payload},
        )
        post_form(client, scene.page + "/questions/new", {"body": payload})
        question_ids.append(db.session.scalar(select(Question.id).order_by(Question.id.desc())))
    sign_in(client, scene.member)
    for comment_id, payload in zip(comment_ids, XSS_CORPUS, strict=True):
        post_form(client, f"/comments/{comment_id}/report", {"reason": payload})
    sign_in(client, scene.officer)
    for question_id, payload in zip(question_ids, XSS_CORPUS, strict=True):
        post_form(client, f"/questions/{question_id}", {"answer": payload})
    sign_in(client, scene.organiser)
    for comment_id, payload in list(zip(comment_ids, XSS_CORPUS, strict=True))[::3]:
        post_form(client, f"/moderation/comments/{comment_id}/hide", {"reason": payload})
    post_form(client, f"/moderation/members/{posters[0].id}/suspend", {"reason": XSS_CORPUS[0]})
    db.session.expire_all()
    assert db.session.scalar(select(Question).where(Question.id == question_ids[0])).answer
    return {"comments": comment_ids, "questions": question_ids, "posters": posters}


def visit(page, url: str, dialogs: list, problems: list) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    result = page.evaluate(INERT_CHECK)
    if dialogs:
        problems.append(f"{url}: a dialog opened: {dialogs}")
        dialogs.clear()
    for key in ("pwned", "handlers", "links", "embedded"):
        if result[key]:
            problems.append(f"{url}: {key} {result[key]}")


def test_hostile_text_everywhere_stays_harmless_text_in_chromium(client, page, base_url, scene):
    posted = post_everything(client, scene)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems: list[str] = []

    sign_in_in_browser(page, base_url, scene.officer.email)
    pages = (len(XSS_CORPUS) + 19) // 20
    for number in range(1, pages + 1):
        visit(page, f"{base_url}{scene.page}?page={number}", dialogs, problems)
    text = page.inner_text("main")
    visit(page, f"{base_url}/questions?show=all", dialogs, problems)
    visit(page, f"{base_url}/questions/{posted['questions'][0]}", dialogs, problems)

    sign_in_in_browser(page, base_url, scene.organiser.email)
    for path in (
        "/moderation",
        "/moderation/log",
        f"/questions/{posted['questions'][1]}/reassign",
        f"/moderation/comments/{posted['comments'][1]}/hide",
        f"/moderation/members/{posted['posters'][0].id}/lift",
        f"/assemblies/{scene.assembly.slug}",
    ):
        visit(page, base_url + path, dialogs, problems)

    sign_in_in_browser(page, base_url, posted["posters"][0].email)
    for path in ("/home", "/notifications", scene.page, f"/responses/{scene.decision.id}/verdict"):
        visit(page, base_url + path, dialogs, problems)
    sign_in_in_browser(page, base_url, scene.member.email)
    for path in ("/home", "/notifications", f"/comments/{posted['comments'][1]}/reply"):
        visit(page, base_url + path, dialogs, problems)

    assert not problems, "\n".join(problems)
    assert "<script>window.__pwned=1;alert('script tag')</script>" in text
    assert "[click me](javascript:window.__pwned=1;alert('md link'))" in text
    assert "{{ 7*7 }}" in text

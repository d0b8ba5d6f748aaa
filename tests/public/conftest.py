import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Let axe-core be injected despite the portal's Content-Security-Policy.

    It also makes the XSS checks stricter: with the policy bypassed, only escaping stops a script.
    """
    return {**browser_context_args, "bypass_csp": True}

"""What every test area shares. One module per kind of help:

- ``http``: the test client: :class:`~tests.support.http.IsolatedClient`, CSRF tokens, forms, signing in.
- ``data``: plain functions that make test data with sensible defaults (like notifications-api's ``tests/app/db.py``).
- ``queries``: counting the SQL statements a page or a command sends.
- ``text``: a page as a person reads it.
- ``mail``: the real SMTP servers the tests send to, and reading the emails that arrive.
- ``browser``: what every browser test checks (axe-core, 320px) and signing in through the browser.
- ``network``: free ports for the servers the tests start.

Area-specific helpers stay next to their tests (``tests/<area>/support.py``).
"""

"""The floor for ``bench/load.py``: a hello-world Flask route, served by gunicorn with the same
settings as the portal, driven by the same load generator."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world"

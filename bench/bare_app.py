"""A bare Flask app for ``bench/intake.py``: one route that parses the posted form and answers "ok".

Served by the same gunicorn settings as the real app, so its figure is the gunicorn + Flask + HTTP overhead
alone (no database, templates, CSRF, sessions or rate limits).
"""

from flask import Flask, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
def ok():
    _ = request.form  # parse the body like the real endpoints do
    return "ok"

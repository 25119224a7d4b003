"""Entry point: `python app.py` serves http://127.0.0.1:8050; `gunicorn app:server` in production."""

import os

from timeline.config import app_settings, settings
from timeline.factory import create_app

SETTINGS = settings(os.environ)
app = create_app(**app_settings(SETTINGS))
server = app.server

if __name__ == "__main__":
    app.run(host=SETTINGS["host"], port=SETTINGS["port"], debug=SETTINGS["debug"])

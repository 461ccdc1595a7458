"""Genie chat: a Dash app over the Genie Conversation API.

    pip install -e ".[app]"            # from a clone of genie-sdk
    python examples/chat_app/app.py    # then open http://127.0.0.1:8050

With no workspace configured (no DATABRICKS_HOST or DATABRICKS_CONFIG_PROFILE, in the environment
or in a .env file next to this file) it runs against the embedded Genie simulator. See README.md
for the settings and for deploying it as a Databricks App.
"""

from __future__ import annotations

import logging

from genie_chat.backend import connect
from genie_chat.config import from_environment
from genie_chat.server import create_app


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per progress poll
    settings = from_environment()
    backend = connect(settings)
    app = create_app(backend)
    where = "the embedded Genie simulator" if backend.simulator else backend.host
    print(f"Genie chat on http://{settings.listen_host}:{settings.port} ({where}); Ctrl+C stops it")
    try:
        app.run(host=settings.listen_host, port=settings.port, debug=False)
    finally:
        backend.close()


if __name__ == "__main__":
    main()

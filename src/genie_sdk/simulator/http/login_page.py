"""The page a browser login (OAuth U2M) stops at until the person types the login code."""

from __future__ import annotations

from html import escape

__all__ = ["login_page"]

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Genie simulator login</title></head>
<body style="font-family: sans-serif; max-width: 34em; margin: 3em auto">
<h1>Sign in to the Genie simulator</h1>
<p><b>{client}</b> asks to use this simulated workspace as you.</p>
<p>Type the login code the simulator printed when it started (<code>genie simulator serve
--show-oauth</code>), or <code>sim.login_code</code> in Python.</p>
{error}<form method="post" action="/oidc/v1/authorize">
{hidden}<p><label>Login code <input name="login_code" autocomplete="off" autofocus></label></p>
<p><button name="action" value="approve">Approve</button>
<button name="action" value="deny">Deny</button></p>
</form></body></html>
"""


def login_page(query: dict[str, str], *, wrong_code: bool) -> str:
    """The login form carrying the authorize request's parameters, escaped."""
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">\n'
        for name, value in query.items()
    )
    error = "<p><b>That login code is wrong.</b></p>\n" if wrong_code else ""
    return _PAGE.format(client=escape(query.get("client_id", "")), error=error, hidden=hidden)

"""Posting through a confirmation page (core/confirmation.py) the way a browser does: the first POST
shows the page, the second sends its hidden fields back with the token."""

import re
from html import unescape


def hidden_fields(html):
    form = html[html.index('name="confirmation"') - 4000:] if 'name="confirmation"' in html else html
    return {unescape(name): unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)}


def confirmed_post(client, url, data):
    page = client.post(url, data)
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    assert "Bước này không hoàn tác được." in html, html[:2000]
    fields = hidden_fields(html)
    assert fields.get("confirmation")
    fields.pop("csrfmiddlewaretoken", None)
    return client.post(url, fields)

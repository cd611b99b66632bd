"""Which English strings of Wagtail's and Django's own catalogues the admin still shows in Vietnamese.

Wagtail's Vietnamese catalogue covers a few hundred of its strings; the project ships the rest that
its roles reach in `locale/vi/LC_MESSAGES/django.po` (LOCALE_PATHS comes first). This module
  - reads every msgid of Wagtail's and Django's catalogues in the virtualenv (`english_msgids`),
  - tells which of them have no Vietnamese translation once ours is loaded (`untranslated`),
  - crawls the admin pages a user can reach from the dashboard (`crawl`) and lists the untranslated
    English strings, "None" and ISO dates each page shows (`problems_in`).
tests/test_admin_language.py runs it for each demo role; run it by hand on the dev database with

    .venv/bin/python -m tools.admin_language [username ...]     # default: every demo account

and it prints the untranslated msgids found, ready to be added to the catalogue (with --po).
"""

import html as html_lib
import json
import re
import sys
from collections import deque
from functools import lru_cache
from pathlib import Path

# Strings an English msgid shares with our Vietnamese pages or proper names (never a translation gap).
ALLOWED = {
    "Wagtail", "Nhân Rộng", "OK", "ID", "URL", "Email", "PDF", "CSV", "XLSX", "API", "QR", "SEO", "Slug",
    "HTML", "Sort", "Preview", "Home",
}
# Short words that are English msgids but also appear inside Vietnamese proper names/abbreviations.
MIN_LENGTH = 3

ISO_DATE = re.compile(r"(?<![\d/.-])\d{4}-\d{2}-\d{2}(?![\d-])")
NONE = re.compile(r"(?<![A-Za-z_])None(?![A-Za-z_])")
# A stored decimal printed as it is kept (decimal_places=4: "88,7800", "0,0000"), not as a reader writes it.
RAW_DECIMAL = re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3})*,\d{4}(?![\d,])")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sd]|\{\{[^}]*\}\}|\{[a-z_]+\}")


def _site_packages():
    import django

    return Path(django.__file__).resolve().parent.parent


def catalogue_files():
    """The English (source) catalogues of Wagtail and of Django and its contrib apps."""
    root = _site_packages()
    files = sorted(root.glob("wagtail/**/locale/en/LC_MESSAGES/django.po"))
    files += [root / "django/conf/locale/en/LC_MESSAGES/django.po"]
    files += sorted(root.glob("django/contrib/*/locale/en/LC_MESSAGES/django.po"))
    return [f for f in files if f.exists()]


@lru_cache(maxsize=1)
def english_msgids():
    """[(msgctxt, msgid, msgid_plural)] of every string of those catalogues."""
    import polib

    seen, result = set(), []
    for path in catalogue_files():
        for entry in polib.pofile(str(path)):
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            if entry.msgid and key not in seen and not entry.obsolete:
                seen.add(key)
                result.append(key)
    return result


def is_translated(msgctxt, msgid, plural):
    from django.utils import translation

    with translation.override("vi"):
        if plural:
            done = translation.npgettext(msgctxt, msgid, plural, 1) if msgctxt else translation.ngettext(msgid, plural, 1)
        else:
            done = translation.pgettext(msgctxt, msgid) if msgctxt else translation.gettext(msgid)
    return done != msgid


def untranslated():
    return [key for key in english_msgids() if not is_translated(*key)]


def _pattern(text):
    """A regex for a msgid as it appears on a page: placeholders match anything short."""
    parts = PLACEHOLDER.split(text)
    body = r".{0,80}?".join(re.escape(p) for p in parts)
    body = re.sub(r"(\\ )+", r"\\s+", body)
    return re.compile(r"(?<![A-Za-z])" + body + r"(?![A-Za-z])")


@lru_cache(maxsize=1)
def _detectors():
    """(needle, regex, key) for each untranslated msgid worth looking for; a needle (the longest
    literal part) is searched first, so each page costs a few thousand substring tests."""
    found = []
    for key in untranslated():
        for text in filter(None, (key[1], key[2])):
            text = " ".join(text.split())
            literal = max(PLACEHOLDER.split(text), key=len).strip()
            if len(literal) < MIN_LENGTH or not re.search(r"[A-Za-z]{2}", literal) or text in ALLOWED:
                continue
            found.append((literal, _pattern(text), key))
    return found


_SKIP = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
_HIDDEN = re.compile(r"<(div|span|p)\b[^>]*\shidden(?:=\"[^\"]*\")?[^>]*>[^<]*</\1>", re.I)
_TAG = re.compile(r"<[^>]+>")
_ATTRS = re.compile(r'\s(?:placeholder|title|aria-label|alt|data-w-tooltip-content-value)="([^"]*)"', re.I)
_INPUT_VALUES = re.compile(r'<input[^>]+type="(?:submit|button)"[^>]*value="([^"]*)"', re.I)


def visible_text(page_html):
    """What a person reads: text nodes and the labels in attributes (placeholders, titles, aria
    labels), plus the labels of the sidebar menu (a JSON blob in the page)."""
    menu = " | ".join(_json_text(label) for label in re.findall(r'"label":\s*"((?:[^"\\]|\\.)*)"', page_html))
    attrs = " | ".join(_ATTRS.findall(page_html) + _INPUT_VALUES.findall(page_html))
    body = _SKIP.sub(" ", page_html)
    body = _HIDDEN.sub(" ", body)  # hidden counters and templates nobody sees
    body = re.sub(r"<textarea\b.*?</textarea>", " ", body, flags=re.S | re.I)  # what users typed
    text = _TAG.sub(" | ", body)
    return html_lib.unescape(" ".join((text + " | " + attrs + " | " + menu).split()))


def _json_text(raw):
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw


def problems_in(text, allowed=()):
    """English msgids found in `text`, and the "None"s, ISO dates and raw stored decimals it shows."""
    english = []
    for needle, regex, key in _detectors():
        if needle in text and key[1] not in allowed and regex.search(text):
            english.append(key)
    return {"english": sorted(set(english), key=lambda k: (k[1], k[0] or "", k[2] or "")), "none": NONE.findall(text), "iso_dates": ISO_DATE.findall(text),
            "raw_decimals": RAW_DECIMAL.findall(text)}


_HREF = re.compile(r'href="(/admin/[^"#]*)"')
_MENU_URL = re.compile(r'"url":\s*"(/admin/[^"]*)"')
# GETs that change nothing but are not pages to read (downloads, logout, previews, JS catalogues).
_NOT_PAGES = re.compile(r"/logout/|/jsi18n|\.csv|\.xlsx|/download|/preview|/export|/loi\.csv|/revisions/\d+/view/"
                        r"|/usage/|/workflow|/bulk/|/choose|/chooser/|/view_draft/|/unlock/|/lock/|/sessions/")


def crawl(client, start="/admin/", limit=120, per_pattern=3):
    """GET admin pages reachable from `start` by links and the menu (at most `per_pattern` pages of
    each URL shape, e.g. /admin/pages/<n>/edit/, counted per page type so an initiative's editor is
    read as well as the index page's), yielding (url, status, html). The chooser modals that forms
    open (data-chooser-url) are read too, listed and searched, their JSON answer unwrapped."""
    queue, seen, shapes = deque([start]), set(), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        chooser = url.startswith(_CHOOSER_MARK)
        url = url[len(_CHOOSER_MARK):] if chooser else url
        path = html_lib.unescape(url) if chooser else html_lib.unescape(url).split("?")[0]
        if path in seen or (not chooser and _NOT_PAGES.search(path)):
            continue
        shape = _shape(path)
        if shapes.get(shape, 0) >= per_pattern:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        seen.add(path)
        response = client.get(path, follow=False)
        content = response.content.decode("utf-8", errors="replace") if response.status_code == 200 else ""
        kind = response.get("Content-Type", "")
        if "text/html" not in kind and "application/json" not in kind:
            continue
        if "application/json" in kind and content:
            try:
                content = json.loads(content).get("html") or content
            except (ValueError, AttributeError):
                pass
        yield path, response.status_code, content
        for found in _HREF.findall(content) + [u.replace("\\/", "/") for u in _MENU_URL.findall(content)]:
            # forms first (add/edit views), so the page budget never runs out before a role's forms
            queue.appendleft(found) if _FORM.search(found) else queue.append(found)
        for found in _CHOOSER_URL.findall(content):
            found = html_lib.unescape(found)
            queue.append(_CHOOSER_MARK + found)
            queue.append(_CHOOSER_MARK + found + ("&" if "?" in found else "?") + "q=a")


_FORM = re.compile(r"/(add|edit|create)/")
_CHOOSER_URL = re.compile(r'data-chooser-url="(/admin/[^"]*)"')
_CHOOSER_MARK = "chooser:"


def _shape(path):
    """The URL with its ids replaced; for a page's admin views, with the page's type."""
    shape = re.sub(r"/\d+/", "/<n>/", path)
    match = re.match(r"/admin/pages/(\d+)/", path)
    if match:
        from wagtail.models import Page

        page = Page.objects.filter(pk=match.group(1)).select_related("content_type").first()
        if page is not None:
            shape += f" [{page.content_type.model}]"
    return shape


def main(argv):
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    as_po = "--po" in argv
    names = [a for a in argv if not a.startswith("--")] or [
        "admin", "bientap", "canbo_longkhanha", "chutich_dongthap", "hoidong_dongthap"]
    totals = {}
    anonymous = Client()
    for url in ("/admin/login/", "/admin/password_reset/"):
        for text in problems_in(visible_text(anonymous.get(url).content.decode()))["english"]:
            totals.setdefault(text, set()).add(f"(anonymous) {url}")
    for name in names:
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        for url, status, content in crawl(client):
            found = problems_in(visible_text(content))
            for text in found["english"]:
                totals.setdefault(text, set()).add(f"{name} {url}")
            if found["none"] or found["iso_dates"] or found["raw_decimals"]:
                print(f"# {name} {url}: None×{len(found['none'])} ISO dates {found['iso_dates'][:3]}"
                      f" raw decimals {found['raw_decimals'][:3]}")
    for text, where in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
        ctx, msgid, plural = text
        if as_po:
            lines = [f"#. {sorted(where)[0]}"]
            if ctx:
                lines.append(f"msgctxt {_po_quote(ctx)}")
            lines.append(f"msgid {_po_quote(msgid)}")
            if plural:
                lines += [f"msgid_plural {_po_quote(plural)}", 'msgstr[0] ""']
            else:
                lines.append('msgstr ""')
            print("\n".join(lines) + "\n")
        else:
            print(f"{msgid!r}{' [' + ctx + ']' if ctx else ''}  <- {sorted(where)[:2]}")
    print(f"# {len(totals)} untranslated strings", file=sys.stderr)


def _po_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    main(sys.argv[1:])

"""Public page cache: whole rendered responses for anonymous visitors, as a site behind a caching
proxy would serve them. Even well-indexed pages take 30–150 ms to render at national scale; a hit
is a cache read.

What is cached: GET (HEAD is served from it) by a visitor with no session cookie, no pending
messages and no Authorization header, outside /admin/, /django-admin/, /api/ (its rate limits must
keep counting), /documents/, /i18n/ and /__bench__/; a 200, not streamed, up to MAX_BYTES, with no
Set-Cookie, no private/no-cache/no-store Cache-Control, no Vary beyond language and cookie, the
session untouched and the visitor still anonymous after the view.

Key: language (the visitor's choice, core/middleware.py), scheme, host, a hash of the full path with
its query string. Each entry records the "generation" it was rendered in; a global generation number
is bumped by the public changes that are not narrowed (core/changes.py: a page published, moved or
deleted, a status change), so every entry older than those is a miss. Adoptions, observations and
campaign changes are narrowed by tags (see "tags" below): only the pages showing what changed miss. The TTL (PUBLIC_PAGE_CACHE_SECONDS; 0 disables) bounds what no event
signals.

Stale while one re-renders (single flight): when only a page's tags changed (its figures: an
observation, an adoption, campaign points), the first request re-renders it and the requests arriving
during that render get the previous copy, marked `X-Page-Cache: stale`, instead of each rendering
it (a thundering herd that kept every worker busy under writes, issue 17). A generation change (what
is public changed) is never served stale: every request after it renders until one has stored it.
Two settings make writes cheaper still for readers (issue 17): PUBLIC_PAGE_CACHE_REFRESH_SECONDS
(a page is re-rendered for changed figures at most that often; the copy in between is at most that
old) and PUBLIC_PAGE_CACHE_BACKGROUND (the re-render runs in a thread after the visitor has been
answered with the previous copy: nobody waits on it).

Every page carries the language switch, a POST form with a CSRF token: the token is stored as a
placeholder and each hit gets a fresh one (and the CSRF middleware, above this one, sets the cookie).

Place after Session, Locale, CSRF and Authentication (they set what the key and the checks read;
CSRF then sets its cookie on hits too) and before Messages and X-Frame-Options (a message cookie
is then seen here, and the X-Frame-Options header is stored with the page).
"""

import copy
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.translation import get_language

logger = logging.getLogger("nhanrong.page_cache")

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"
RENDERING_PREFIX = "page-cache:rendering:"
# How long one re-render may keep the others on the previous copy (a render that dies leaves its lock
# for at most this long; then the next request renders).
RENDER_LOCK_SECONDS = 30
# A request finding another one rendering a page that has no servable copy waits this long for it,
# looking every WAIT_STEP seconds, then renders itself.
WAIT_SECONDS, WAIT_STEP = 5.0, 0.05
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/documents/", "/i18n/", "/__bench__/")
MAX_BYTES = 2_000_000  # downloads above this are not worth a cache entry
NO_STORE = ("private", "no-cache", "no-store")
VARY_COVERED = {"accept-language", "cookie"}  # the key has the language; there is no session cookie
TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # a masked CSRF token
PLACEHOLDER = b"{{ page-cache: csrf token }}"  # never a token: spaces and braces


def seconds():
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def store():
    return caches["pages"] if "pages" in settings.CACHES else caches["default"]


# ---------------------------------------------------------------- generation

def _fresh_generation():
    # Unique over time, so a generation number lost (eviction, flush) never revives older entries.
    return time.time_ns() // 1000


def current_generation(cache=None):
    cache = cache or store()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached_until_change(key, compute, timeout):
    """`compute()`, kept in the default cache until the next public change (the generation is part of
    the key) or `timeout` seconds: for fragments that the events of core/changes.py make stale."""
    from django.core.cache import cache

    key = f"{key}:{current_generation()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _increment():
    cache = store()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: start a new, later series
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def bump_generation():
    """Every cached page is out of date. Bumped now, and again on commit when inside a transaction:
    a page rendered meanwhile from the not yet committed state must not outlive it."""
    _increment()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_increment)


# ---------------------------------------------------------------- tags: narrow invalidation
#
# A page may declare what it shows (`tag_page(request, "initiative:12", "unit:345")`); a write then
# invalidates only the pages carrying one of the tags it names (`invalidate_tags`). A tag's value is
# the time of its last change (µs); an entry is valid while every one of its tags changed before the
# entry's rendering started, so a change committed during a render never leaves that render cached.
# A page that declares nothing carries UNTAGGED, changed by every public change as before.

UNTAGGED = "untagged"
TAG_PREFIX = "page-cache:tag:"


def _now_us():
    return time.time_ns() // 1000


def tag_page(request, *tags):
    """Declare what this response shows (called by views and page models while rendering)."""
    if request is not None:
        request.page_cache_tags = getattr(request, "page_cache_tags", set()) | {str(t) for t in tags}


def _touch(tags):
    store().set_many({TAG_PREFIX + tag: _now_us() for tag in tags}, timeout=None)


def invalidate_tags(tags):
    """The pages carrying any of these tags are out of date (and the untagged ones). Now, and again on
    commit when inside a transaction."""
    tags = {str(t) for t in tags} | {UNTAGGED}
    _touch(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _touch(tags))


def _tags_valid(cache, tags, started):
    keys = [TAG_PREFIX + tag for tag in tags]
    changed = cache.get_many(keys)
    if len(changed) < len(keys):  # a tag never set or evicted: no proof of freshness
        for key in set(keys) - set(changed):
            cache.add(key, _now_us(), timeout=None)
        return False
    return all(value < started for value in changed.values())


# Who narrows what: rollout invalidates the tags of each adoption and observation itself
# (rollout/page_invalidation.py); a leaderboard refresh names its campaign and the units whose rows
# changed (`instance.page_tags`, campaigns.leaderboard.CampaignChange); other campaign changes (badges,
# awards) touch the campaign pages and the unit pages (which show awards and badges); anything else (a page published,
# moved or deleted, a status change) every cached page, as before.
NARROWED = {"adoption": (), "observation": (), "campaign": ("campaigns",)}


def connect_invalidation():
    from .changes import public_changed

    def on_change(sender=None, kind=None, instance=None, **kwargs):
        named = getattr(instance, "page_tags", None)  # a change that names its pages (CampaignChange)
        if kind in NARROWED and named is not None:
            invalidate_tags(named)
        elif kind in NARROWED:
            invalidate_tags(NARROWED[kind])
        else:
            bump_generation()

    public_changed.connect(on_change, weak=False, dispatch_uid="core.page_cache")


# ---------------------------------------------------------------- what may be cached

def page_key(request):
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page-cache:{language}:{hashlib.sha256(address.encode()).hexdigest()[:40]}"


def cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.path.startswith(EXCLUDED_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)  # no session cookie: resolving it reads nothing
    return user is None or not user.is_authenticated


def cacheable_response(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in NO_STORE):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - VARY_COVERED:
        return False
    if getattr(request, "_csp_nonce", None):  # the page used its CSP nonce: each response needs a fresh one
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    user = getattr(request, "user", None)
    return (user is None or not user.is_authenticated) and len(response.content) <= MAX_BYTES


def freeze(request, response, generation, started=None):
    """(generation, headers, body) with the CSRF tokens replaced by a placeholder; None when the page
    used a token that cannot be found in it (it could not be renewed per visitor)."""
    body = response.content
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        from django.middleware.csrf import _unmask_cipher_token

        secret = request.META.get("CSRF_COOKIE")
        found = [False]

        def swap(match):
            if _unmask_cipher_token(match.group().decode()) != secret:
                return match.group()
            found[0] = True
            return PLACEHOLDER

        body = TOKEN.sub(swap, body)
        if not found[0]:
            return None
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("content-length", HEADER.lower())]
    tags = tuple(sorted(getattr(request, "page_cache_tags", None) or {UNTAGGED}))
    return (generation, headers, body, tags, started if started is not None else _now_us())


def thaw(request, entry):
    headers, body = entry[1], entry[2]
    if PLACEHOLDER in body:
        parts = body.split(PLACEHOLDER)
        body = parts[0] + b"".join(get_token(request).encode() + part for part in parts[1:])
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def refresh_seconds():
    """A page whose figures changed is re-rendered at most once per this many seconds: in between,
    visitors get the copy rendered last (PUBLIC_PAGE_CACHE_REFRESH_SECONDS; 0: at the next request)."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_REFRESH_SECONDS", 0)


def render_in_background():
    """Re-render a page whose figures changed after answering with the previous copy, in a thread of
    the web process (PUBLIC_PAGE_CACHE_BACKGROUND), so that no visitor waits on that render."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_BACKGROUND", False)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ttl = seconds()
        if not ttl or not cacheable_request(request):
            return self.get_response(request)
        cache, key = store(), page_key(request)
        found = cache.get_many([GENERATION_KEY, key])  # one round trip on a hit
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation(cache)
        entry = found.get(key)
        if entry is None or entry[0] != generation or len(entry) != 5:
            return self._render_once(request, cache, key, generation, ttl)
        if _tags_valid(cache, entry[3], entry[4]):
            return thaw(request, entry)
        # Only its figures changed (a narrowed change: observations, adoptions, campaign points). A
        # change of what is public (publication, deletion, restriction: the generation) is never
        # served stale. Rendered less than refresh_seconds() ago: the previous copy still serves.
        if _now_us() - entry[4] < refresh_seconds() * 1_000_000:
            return self._stale(request, entry)
        # One request re-renders (single flight); those arriving meanwhile get the previous copy.
        lock = RENDERING_PREFIX + key
        if not cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
            return self._stale(request, entry)
        if render_in_background():
            response = self._stale(request, entry)
            self._render_later(request, cache, key, generation, ttl, lock)
            return response
        try:
            return self._render(request, cache, key, generation, ttl)
        finally:
            cache.delete(lock)

    def _render_once(self, request, cache, key, generation, ttl):
        """No copy may be served (none yet, or what is public changed since): one request renders, and
        those arriving meanwhile wait up to WAIT_SECONDS for its copy instead of each rendering the page
        (after a publication every visitor would otherwise start the same render: a herd on 2 cores)."""
        lock = RENDERING_PREFIX + key
        if cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS):
            try:
                return self._render(request, cache, key, generation, ttl)
            finally:
                cache.delete(lock)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            entry = cache.get(key)
            if entry is not None and entry[0] == generation and len(entry) == 5 and _tags_valid(cache, entry[3], entry[4]):
                return thaw(request, entry)
            if cache.get(lock) is None:  # that render ended without a copy to share (not cacheable)
                break
        return self._render(request, cache, key, generation, ttl)

    @staticmethod
    def _stale(request, entry):
        response = thaw(request, entry)
        response[HEADER] = "stale"
        return response

    def _render(self, request, cache, key, generation, ttl):
        started = _now_us()
        response = self.get_response(request)
        if cacheable_response(request, response):
            entry = freeze(request, response, generation, started)
            if entry is not None:
                # A tag never changed (or evicted) counts as changed just before this render: older
                # entries then miss, this one is valid.
                for tag in entry[3]:
                    cache.add(TAG_PREFIX + tag, started - 1, timeout=None)
                cache.set(key, entry, ttl)
        response[HEADER] = "miss"
        return response

    def _render_later(self, request, cache, key, generation, ttl, lock):
        """Render a copy of this request in a thread and store it; the lock is released at the end
        (or expires after RENDER_LOCK_SECONDS if the process dies)."""
        clone = copy.copy(request)
        clone.META = dict(request.META)
        language = getattr(request, "LANGUAGE_CODE", None) or get_language()

        def work():
            try:
                with translation.override(language):
                    self._render(clone, cache, key, generation, ttl)
            except Exception:  # noqa: BLE001 - the next request after the lock renders again
                logger.exception("background render of %s failed", request.path)
            finally:
                cache.delete(lock)
                connections.close_all()  # this thread's connections only

        threading.Thread(target=work, name="page-cache-render", daemon=True).start()

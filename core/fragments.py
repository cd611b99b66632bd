"""Fragment cache: the slow parts of a public page (a unit's map, its communes' ranking, an initiative's
rollout section…) kept rendered, so that a page rendered without the page cache — what a logged-in
officer and the first visitor after a change get — does not recompute what did not change.

A fragment is cached under its name, the language, the page's full address (its links keep the page's
other query parameters, so two addresses may render it differently) and the values it varies on; it
is valid while

- the public page cache's generation is the one it was rendered in (core/page_cache.py: a page
  published, unpublished, moved or deleted, a view restriction, a status change bump it), and
- every tag it names changed before its render started (the same tags as the page cache's:
  "unit:<id>", "initiative:<id>", "campaigns", "listing", touched by rollout/page_invalidation.py and
  core/page_cache.py on each write, plus the narrower ones of `touch`, e.g. "adoptions:unit:<id>",
  touched only by adoptions, so that an observation does not re-render a map it does not change).

So a fragment shows exactly what a fresh render would after any signalled write; FRAGMENT_CACHE_SECONDS
(3600; 0 = off) bounds what no event signals (a shell, raw SQL), as the page cache's TTL does.
A fragment must not contain anything per visitor (a CSRF token, a form, the user's name): cache only
public read-only sections.

In a template, the context values a fragment alone uses are best given as `Deferred(fn)`: the
template calls them only when the fragment has to be rendered.

    {% load fragments %}{% fragment "unit-map" unit.pk tags=map_tags %}…{% endfragment %}
"""

import hashlib
import time

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language

from .page_cache import GENERATION_KEY, TAG_PREFIX, current_generation, store

KEY_PREFIX = "fragment:"


MISSING_TAG_MARGIN_US = 60_000_000


def seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def _now_us():
    return time.time_ns() // 1000


class Deferred:
    """A value computed on first use (a template calls it; the result is kept for the next lookups)."""

    do_not_call_in_templates = False  # read by Django's template engine: must not compute the value
    alters_data = False

    def __init__(self, compute):
        self._compute = compute
        self._done = False
        self._value = None

    def __call__(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    # Python code (tests, other views) may use it as the value itself.
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self(), name)

    def __getitem__(self, key):
        return self()[key]

    def __iter__(self):
        return iter(self())

    def __len__(self):
        return len(self())

    def __bool__(self):
        return bool(self())

    def __contains__(self, item):
        return item in self()


def key_for(name, parts, request=None):
    address = request.get_full_path() if request is not None else ""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language() or ""
    raw = "\x1f".join([name, language, address, *(str(p) for p in parts)])
    return f"{KEY_PREFIX}{name}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def cached_value(name, parts, tags, compute, request=None):
    """`compute()` (any picklable value), or its cached copy while valid (see the module docstring).
    With `request` the key includes the page's address (for rendered HTML whose links keep it)."""
    ttl = seconds()
    if not ttl:
        return compute()
    cache = store()
    key = key_for(name, parts, request)
    tag_keys = [TAG_PREFIX + str(tag) for tag in tags]
    found = cache.get_many([GENERATION_KEY, key, *tag_keys])  # one round trip
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation(cache)
    entry = found.get(key)
    if (entry is not None and entry[0] == generation
            and all(k in found and found[k] < entry[1] for k in tag_keys)):
        return entry[2]
    started = _now_us()
    value = compute()
    for tag_key in tag_keys:
        if tag_key not in found:  # never touched (or evicted): it counts as changed before this render,
            # and before the render of the page that contains it (started earlier): "just before this
            # fragment" made every first render of a page invalid at once (the province page was never
            # a page-cache hit). A minute covers any render; only an eviction within it is not seen.
            cache.add(tag_key, started - MISSING_TAG_MARGIN_US, timeout=None)
    cache.set(key, (generation, started, value), ttl)
    return value


def cached(name, parts, tags, render, request=None):
    """The HTML `render()` returns, cached per page address (`request`), language and `parts`."""
    return cached_value(name, parts, tags, render, request)


def touch(tags):
    """Fragments carrying any of these tags are out of date: now, and again on commit inside a
    transaction (a render started meanwhile read the uncommitted state)."""
    tags = {str(t) for t in tags}
    if not tags:
        return

    def write():
        now = _now_us()
        store().set_many({TAG_PREFIX + tag: now for tag in tags}, timeout=None)

    write()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(write)

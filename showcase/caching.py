"""Anonymous showcase pages from a cache, invalidated by publication.

A page is stored under its URL, its language and the showcase version, a counter in the cache
that every publication (and every edit of public content) raises, so old pages simply stop being
read. Anonymous visitors get `Cache-Control: public` and an ETag (If-None-Match answers 304);
signed-in users always get a fresh page, marked private, since the header shows their name.

The language switcher in the header posts a CSRF token tied to each visitor's cookie, so the
token is cut out of a stored page and each visitor's own is put back when it is served.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

VERSION_KEY = "showcase:version"
CSRF_PLACEHOLDER = b"__showcase_csrf_token__"
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def page_seconds() -> int:
    """How long a stored page lives and how long browsers may keep it (SHOWCASE_PAGE_CACHE_SECONDS)."""
    return getattr(settings, "SHOWCASE_PAGE_CACHE_SECONDS", 300)


# Each process remembers the version for VERSION_MEMO_SECONDS, which saves a cache round trip on
# every page; another process's publication therefore shows within that time (this process's at once).
VERSION_MEMO_SECONDS = 1.0
_memo: dict[str, tuple[int, float]] = {}


def current_version() -> int:
    identity = cache.make_key(VERSION_KEY)
    remembered = _memo.get(identity)
    now = time.monotonic()
    if remembered and remembered[1] > now:
        return remembered[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, so a counter lost from the cache never repeats a version whose
        # pages may still be stored.
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY, 1)
    _memo[identity] = (version, now + VERSION_MEMO_SECONDS)
    return version


def _bump() -> None:
    _memo.pop(cache.make_key(VERSION_KEY), None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)


def invalidate() -> None:
    """Make every stored showcase page stale: now, and again once the transaction commits (a page
    rendered meanwhile from the old data must not outlive the commit)."""
    _bump()
    transaction.on_commit(_bump)


def is_cacheable(request: HttpRequest) -> bool:
    # A pending flash message would be shown once and then stored for everyone.
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated and "messages" not in request.COOKIES


def _key(request: HttpRequest, kind: str, version: int) -> str:
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"showcase:{kind}:{version}:{get_language()}:{digest}"


def _mark_public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=page_seconds())
    return response


def _mark_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def public_page(view):
    """Serve `view` to anonymous visitors from the cache, with Cache-Control and ETag.

    Only complete 200 answers are stored; redirects and errors pass through. Streaming answers
    (the full exports) are never stored: they get an ETag from the version alone, so a client that
    has the current export is answered 304 without any work.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_cacheable(request):
            return _mark_private(view(request, *args, **kwargs))
        if page_seconds() <= 0:  # caching turned off (SHOWCASE_PAGE_CACHE_SECONDS=0)
            return _mark_public(view(request, *args, **kwargs))
        version = current_version()
        key = _key(request, "page", version)
        entry = _local_get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                _local_put(key, entry)
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return _mark_public(response) if response.status_code in (301, 302, 404) else response
            if response.streaming:
                etag = quote_etag(hashlib.md5(key.encode(), usedforsecurity=False).hexdigest())
                conditional = get_conditional_response(request, etag=etag)
                if conditional is not None:
                    return _mark_public(conditional)
                response["ETag"] = etag
                return _mark_public(response)
            content, had_token = _cut_csrf_token(response.content)
            etag = quote_etag(hashlib.md5(content + key.encode(), usedforsecurity=False).hexdigest())
            entry = (content, response["Content-Type"], etag, had_token, _kept_headers(response))
            cache.set(key, entry, page_seconds())
            _local_put(key, entry)
        content, content_type, etag, had_token, headers = entry
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:
            return _mark_public(conditional)
        if had_token:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, content_type=content_type)
        for name, value in headers.items():
            response[name] = value
        response["ETag"] = etag
        return _mark_public(response)

    return wrapper


# A small copy of the most read pages in each process, in front of the shared cache: a hit costs no
# round trip and no unpickling. Keys carry the version, so a publication leaves old copies unread;
# each copy also expires with the shared one. SHOWCASE_LOCAL_PAGES=0 turns it off.
_local: OrderedDict[str, tuple[tuple, float]] = OrderedDict()
_local_lock = threading.Lock()


def _local_size() -> int:
    return getattr(settings, "SHOWCASE_LOCAL_PAGES", 200)


def _local_get(key: str):
    identity = cache.make_key(key)
    with _local_lock:
        found = _local.get(identity)
        if found is None:
            return None
        if found[1] <= time.monotonic():
            del _local[identity]
            return None
        _local.move_to_end(identity)
        return found[0]


def _local_put(key: str, entry: tuple) -> None:
    size = _local_size()
    if size <= 0 or page_seconds() <= 0:
        return
    with _local_lock:
        _local[cache.make_key(key)] = (entry, time.monotonic() + page_seconds())
        while len(_local) > size:
            _local.popitem(last=False)


def _kept_headers(response: HttpResponse) -> dict[str, str]:
    return {name: response[name] for name in ("Content-Language", "Link", "Content-Disposition") if name in response}


def _cut_csrf_token(content: bytes) -> tuple[bytes, bool]:
    match = _CSRF_FIELD.search(content)
    if not match:
        return content, False
    return content.replace(match.group(1), CSRF_PLACEHOLDER), True


def cached_value(name: str, parts: str, compute):
    """A value computed once per showcase version (facet counts of one filter state, statistics)."""
    if page_seconds() <= 0:
        return compute()
    digest = hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()
    key = f"showcase:{name}:{current_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, page_seconds())
    return value

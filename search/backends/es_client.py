"""How we reach Elasticsearch: one client per process and purpose, the settings of a secured cluster,
what a failure means (an outage, a configuration error, or a bug of ours), and a circuit breaker so a
dead or hanging cluster costs one timeout, not one per search.

Two purposes, two clients:
- "search": the pages and the API. Short timeout, no retries: a visitor must get the database's answer
  fast rather than wait on a sick cluster.
- "maintenance": indexing tasks, rebuilds, synonym updates. Longer timeout and transport retries: a slow
  bulk request must not abort a rebuild half way.

Settings (all from the environment, see README):
  ELASTICSEARCH_URL                     http(s)://host:port (the port is required by the ES 8 client)
  ELASTICSEARCH_API_KEY                 the "encoded" API key (base64 of id:key) of a secured cluster
  ELASTICSEARCH_CA_CERTS                path of the CA certificate that signed the cluster's TLS certificate
  ELASTICSEARCH_SSL_FINGERPRINT         or: the SHA-256 fingerprint of the cluster's certificate
  ELASTICSEARCH_TIMEOUT                 seconds, search requests (3)
  ELASTICSEARCH_MAINTENANCE_TIMEOUT     seconds, maintenance requests (60)
  ELASTICSEARCH_MAINTENANCE_RETRIES     transport retries of maintenance requests (3)
  ELASTICSEARCH_BREAKER_SECONDS         how long a failure is remembered before the cluster is tried again (30)
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TlsError, TransportError
from elasticsearch import (ApiError, AuthenticationException, AuthorizationException, BadRequestError,
                           Elasticsearch, UnsupportedProductError)
from elasticsearch.helpers import BulkIndexError

logger = logging.getLogger("nhanrong.search")


class BulkFailure(Exception):
    """Some items of a bulk request failed (after 429 retries). The task that sent them fails, so
    Celery retries it; the message counts the failures and names the first reasons."""

    def __init__(self, errors):
        self.errors = errors
        reasons = sorted({_item_reason(e) for e in errors})
        super().__init__(f"{len(errors)} mục bị Elasticsearch từ chối: {'; '.join(reasons[:3])}")


def _item_reason(item):
    error = item.get("error") or {}
    if isinstance(error, dict):
        return f"{item.get('status')} {error.get('type', '')}: {error.get('reason', '')}".strip()
    return f"{item.get('status')} {error}"


class ConfigurationError(Exception):
    """ELASTICSEARCH_* settings that cannot work (e.g. a URL without a port)."""


# Everything that means "Elasticsearch did not do what we asked": callers fall back or retry.
ES_ERRORS = (TransportError, ApiError, BulkIndexError, BulkFailure, ConfigurationError, ConnectionError,
             TimeoutError, UnsupportedProductError)


def url_problem(url):
    """Why `url` cannot be used by the ES 8 client, in Vietnamese, or "" when it can."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"ELASTICSEARCH_URL “{url}” phải bắt đầu bằng http:// hoặc https://."
    if not parts.hostname:
        return f"ELASTICSEARCH_URL “{url}” thiếu tên máy chủ."
    try:
        port = parts.port
    except ValueError:
        return f"ELASTICSEARCH_URL “{url}” có cổng không hợp lệ."
    if port is None:
        return f"ELASTICSEARCH_URL “{url}” thiếu số cổng (ví dụ {parts.scheme}://{parts.hostname}:9200)."
    return ""


def _options(purpose):
    url = settings.ELASTICSEARCH_URL
    problem = url_problem(url)
    if problem:
        raise ConfigurationError(problem)
    options = {"hosts": [url]}
    if purpose == "search":
        options.update(request_timeout=float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 3)), max_retries=0,
                       retry_on_timeout=False)
    else:
        options.update(request_timeout=float(getattr(settings, "ELASTICSEARCH_MAINTENANCE_TIMEOUT", 60)),
                       max_retries=int(getattr(settings, "ELASTICSEARCH_MAINTENANCE_RETRIES", 3)),
                       retry_on_timeout=True, retry_on_status=(429, 502, 503, 504))
    api_key = getattr(settings, "ELASTICSEARCH_API_KEY", "")
    if api_key:
        options["api_key"] = api_key
    ca_certs = getattr(settings, "ELASTICSEARCH_CA_CERTS", "")
    fingerprint = getattr(settings, "ELASTICSEARCH_SSL_FINGERPRINT", "")
    if ca_certs:
        options["ca_certs"] = ca_certs
    if fingerprint:
        options["ssl_assert_fingerprint"] = fingerprint.replace(":", "").lower()
    return options


_clients = {}
_clients_lock = threading.Lock()


def get_client(purpose="search"):
    """The process's client for this purpose and these settings (connections are reused)."""
    options = _options(purpose)
    key = (purpose, repr(sorted(options.items())))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            try:
                client = Elasticsearch(**options)
            except ValueError as exc:  # anything the client refuses in its own checks
                raise ConfigurationError(str(exc)) from exc
            _clients[key] = client
        return client


def reset_clients():
    """Forget the cached clients (settings changed, e.g. in tests)."""
    with _clients_lock:
        for client in _clients.values():
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing a dead pool must not raise
                pass
        _clients.clear()
    breaker.reset()


# -- what a failure means -----------------------------------------------------------------------
OUTAGE, CONFIG, BUG = "outage", "config", "bug"


def failure_kind(exc):
    """OUTAGE (down, slow, overloaded: try again later), CONFIG (wrong URL, key or certificate: an
    administrator must act), or BUG (the cluster refused what we sent: our query or mapping is wrong)."""
    if isinstance(exc, (ConfigurationError, AuthenticationException, AuthorizationException, TlsError,
                        UnsupportedProductError)):
        return CONFIG
    if isinstance(exc, BadRequestError):
        return BUG
    if isinstance(exc, ApiError) and 400 <= getattr(exc, "status_code", 500) < 500 and exc.status_code != 429:
        return BUG
    return OUTAGE


def describe_failure(exc):
    """A sentence for `check_services` and the logs saying why the cluster does not answer."""
    if isinstance(exc, ConfigurationError):
        return str(exc)
    if isinstance(exc, TlsError):
        return ("chứng chỉ TLS của cụm không được tin cậy: đặt ELASTICSEARCH_CA_CERTS (tệp CA của cụm) "
                f"hoặc ELASTICSEARCH_SSL_FINGERPRINT ({exc.message if hasattr(exc, 'message') else exc})")
    if isinstance(exc, AuthenticationException):
        return "cụm từ chối xác thực (401): kiểm tra ELASTICSEARCH_API_KEY"
    if isinstance(exc, AuthorizationException):
        return "khoá API không đủ quyền (403) trên chỉ mục của Nhân Rộng"
    if isinstance(exc, UnsupportedProductError):
        return "máy chủ trả lời nhưng không phải Elasticsearch"
    if isinstance(exc, ConnectionTimeout):
        return "hết thời gian chờ: cụm không trả lời"
    if isinstance(exc, TransportConnectionError):
        return f"không kết nối được ({exc.message if hasattr(exc, 'message') else exc})"
    if isinstance(exc, ApiError):
        return f"cụm trả lỗi {exc.status_code}: {exc.message}"
    return f"{exc.__class__.__name__}: {exc}"


def log_failure(exc, during):
    """Outages are warnings (the database answers meanwhile); bugs and configuration errors are errors,
    so they are not mistaken for a cluster that is merely down."""
    kind = failure_kind(exc)
    if kind == BUG:
        logger.error("Elasticsearch refused our request during %s (a bug in what we send): %s",
                     during, describe_failure(exc))
    elif kind == CONFIG:
        logger.error("Elasticsearch configuration error during %s: %s", during, describe_failure(exc))
    else:
        logger.warning("Elasticsearch unavailable during %s (%s): answering from the database",
                       during, describe_failure(exc))
    return kind


# -- circuit breaker ----------------------------------------------------------------------------
class CircuitBreaker:
    """After a failure, searches skip Elasticsearch for `seconds` (the database answers at once);
    then one request probes the cluster again: success closes the breaker, failure re-opens it.
    Per process: each web worker learns on its own, at the cost of one timeout."""

    def __init__(self):
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._probing = False

    def seconds(self):
        return float(getattr(settings, "ELASTICSEARCH_BREAKER_SECONDS", 30))

    def allow(self):
        with self._lock:
            if self._open_until == 0.0:
                return True
            if time.monotonic() < self._open_until or self._probing:
                return False
            self._probing = True  # half open: this caller probes, the others keep falling back
            return True

    def success(self):
        with self._lock:
            self._open_until = 0.0
            self._probing = False

    def failure(self):
        with self._lock:
            self._open_until = time.monotonic() + self.seconds()
            self._probing = False

    @property
    def is_open(self):
        with self._lock:
            return self._open_until != 0.0

    def reset(self):
        self.success()


breaker = CircuitBreaker()

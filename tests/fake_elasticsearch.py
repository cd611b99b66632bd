"""A small in-process fake of Elasticsearch 8's HTTP API, for the test suite only (never used by the
product). It listens on 127.0.0.1, answers with ES 8's response shapes and headers (X-Elastic-Product,
the compatible-with=8 media type) so the real `elasticsearch` client drives the real backend against
it, and it can be told to misbehave: refuse bulk items (429, mapping errors), refuse a query (400),
answer slowly, or never answer.

What it proves: the requests our code sends (paths, bodies, order), how our code reads ES 8's answers
and errors, retries, fallbacks, the alias/rebuild protocol, TLS and API-key configuration of the client.
What it does not prove: analysis (folding, synonyms, scoring), query semantics beyond term filters and
terms aggregations, cluster behaviour under real load. Those need the live tests (ELASTICSEARCH_URL).
"""

import base64
import fnmatch
import json
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MEDIA_TYPE = "application/vnd.elasticsearch+json;compatible-with=8"


def _error(status, type_, reason):
    return status, {"error": {"root_cause": [{"type": type_, "reason": reason}], "type": type_, "reason": reason},
                    "status": status}


class Fault:
    def __init__(self, method, pattern, *, status=None, body=None, delay=0.0, hang=False, times=1):
        self.method, self.pattern = method, re.compile(pattern)
        self.status, self.body, self.delay, self.hang, self.times = status, body, delay, hang, times

    def matches(self, method, path):
        return self.times != 0 and (self.method in ("*", method)) and self.pattern.search(path)


class FakeElasticsearch:
    def __init__(self, *, api_key=None, tls=None):
        self.api_key = api_key  # the "encoded" key the client must send (Authorization: ApiKey …)
        self.tls = tls  # a trustme.LeafCert-like object with configure_cert(ssl_context), or None
        self.indices = {}  # name -> {"body": create body, "docs": {id: source}}
        self.aliases = {}  # alias -> set of index names
        self.synonym_sets = {}
        self.requests = []  # (method, path, params, body)
        self.faults = []
        self.bulk_item_faults = []  # [status, error type, remaining count]
        self.lock = threading.RLock()
        self._server = None
        self._release = threading.Event()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                fake._serve(self)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.configure_cert(context)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    def stop(self):
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- faults -----------------------------------------------------------------------------
    def fail(self, method, pattern, status, error_type="illegal_argument_exception", reason="refused", times=1):
        self.faults.append(Fault(method, pattern, status=status, body=_error(status, error_type, reason)[1],
                                 times=times))

    def slow(self, method, pattern, seconds, times=1):
        self.faults.append(Fault(method, pattern, delay=seconds, times=times))

    def hang(self, method, pattern, times=-1):
        self.faults.append(Fault(method, pattern, hang=True, times=times))

    def fail_bulk_items(self, status, error_type, count):
        self.bulk_item_faults.append([status, error_type, count])

    # -- inspection ---------------------------------------------------------------------------
    def paths(self, method=None):
        return [p for m, p, _, _ in self.requests if method in (None, m)]

    def alias_targets(self, alias):
        return sorted(self.aliases.get(alias, ()))

    def docs(self, index_or_alias):
        with self.lock:
            out = {}
            for name in self._resolve(index_or_alias):
                out.update(self.indices[name]["docs"])
            return out

    # -- HTTP ---------------------------------------------------------------------------------
    def _serve(self, handler):
        parts = urlsplit(handler.path)
        path, params = parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        method = handler.command
        with self.lock:
            self.requests.append((method, path, params, raw))
            fault = next((f for f in self.faults if f.matches(method, path)), None)
            if fault is not None and fault.times > 0:
                fault.times -= 1
        if fault is not None and fault.hang:
            self._release.wait(60)  # never answers while the test runs
            return
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status:
            status, body = fault.status, fault.body
        elif self.api_key and handler.headers.get("Authorization") != f"ApiKey {self.api_key}":
            status, body = _error(401, "security_exception", "missing authentication credentials for REST request")
        else:
            try:
                with self.lock:
                    status, body = self._route(method, path, params, raw)
            except Exception as exc:  # noqa: BLE001 - a bug in the fake must show as a 500, not a hang
                status, body = _error(500, "fake_error", f"{exc.__class__.__name__}: {exc}")
        payload = b"" if method == "HEAD" else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("X-Elastic-Product", "Elasticsearch")
        handler.send_header("Content-Type", MEDIA_TYPE)
        handler.send_header("Content-Length", str(len(payload)))
        if status == 401:
            handler.send_header("WWW-Authenticate", 'ApiKey, Basic realm="security"')
        handler.end_headers()
        if payload:
            handler.wfile.write(payload)

    def _resolve(self, name):
        names = []
        for part in name.split(","):
            if part in self.aliases:
                names.extend(sorted(self.aliases[part]))
            elif part in self.indices:
                names.append(part)
            elif "*" in part:
                names.extend(n for n in sorted(self.indices) if fnmatch.fnmatch(n, part))
        return names

    def _route(self, method, path, params, raw):  # noqa: C901 - a router
        body = json.loads(raw) if raw and not path.endswith("_bulk") else None
        segments = [s for s in path.split("/") if s]
        if not segments:
            return 200, {"name": "fake", "cluster_name": "fake", "version": {
                "number": "8.19.3", "build_flavor": "default", "lucene_version": "9.12.2"},
                "tagline": "You Know, for Search"}
        head = segments[0]
        if head == "_synonyms" and len(segments) == 2:
            if method == "PUT":
                created = segments[1] not in self.synonym_sets
                self.synonym_sets[segments[1]] = body["synonyms_set"]
                return 200, {"result": "created" if created else "updated",
                             "reload_analyzers_details": {"_shards": {"total": 1, "successful": 1, "failed": 0},
                                                          "reload_details": []}}
            if segments[1] in self.synonym_sets:
                return 200, {"count": len(self.synonym_sets[segments[1]]), "synonyms_set": self.synonym_sets[segments[1]]}
            return _error(404, "resource_not_found_exception", f"synonyms set [{segments[1]}] not found")
        if head == "_bulk" or (len(segments) == 2 and segments[1] == "_bulk"):
            return self._bulk(raw, segments[0] if head != "_bulk" else None)
        if head == "_aliases" and method == "POST":
            return self._update_aliases(body["actions"])
        if head == "_alias" and len(segments) == 2:
            alias = segments[1]
            if alias not in self.aliases or not self.aliases[alias]:
                return 404, {"error": f"alias [{alias}] missing", "status": 404}
            return 200, {name: {"aliases": {alias: {}}} for name in sorted(self.aliases[alias])}
        if len(segments) == 3 and segments[1] in ("_alias", "_aliases") and method == "PUT":
            return self._update_aliases([{"add": {"index": segments[0], "alias": segments[2]}}])
        if len(segments) == 2 and segments[1] == "_search":
            return self._search(segments[0], body or {})
        if len(segments) == 2 and segments[1] in ("_refresh", "_reload_search_analyzers"):
            names = self._resolve(segments[0])
            if not names:
                return _error(404, "index_not_found_exception", f"no such index [{segments[0]}]")
            shards = {"total": len(names), "successful": len(names), "failed": 0}
            if segments[1] == "_refresh":
                return 200, {"_shards": shards}
            return 200, {"_shards": shards, "reload_details": [
                {"index": n, "reloaded_analyzers": ["vi_folded_search"], "reloaded_node_ids": ["fake"]} for n in names]}
        if len(segments) == 1:
            return self._index_op(method, segments[0], body, params)
        return _error(400, "illegal_argument_exception", f"fake: unsupported {method} {path}")

    def _index_op(self, method, name, body, params):
        if method == "PUT":
            if name in self.indices or name in self.aliases:
                return _error(400, "resource_already_exists_exception", f"index [{name}] already exists")
            analysis = ((body or {}).get("settings") or {}).get("analysis") or {}
            for flt in (analysis.get("filter") or {}).values():
                if flt.get("synonyms_set") and flt["synonyms_set"] not in self.synonym_sets:
                    return _error(400, "illegal_argument_exception",
                                  f"Synonym set [{flt['synonyms_set']}] not found")
            self.indices[name] = {"body": body or {}, "docs": {}}
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": name}
        if method == "HEAD":
            return (200, {}) if name in self.indices or name in self.aliases else (404, {})
        if method == "GET":
            names = self._resolve(name)
            if not names and "*" not in name:
                return _error(404, "index_not_found_exception", f"no such index [{name}]")
            return 200, {n: {"aliases": {a: {} for a, t in self.aliases.items() if n in t},
                             "mappings": self.indices[n]["body"].get("mappings", {}),
                             "settings": self.indices[n]["body"].get("settings", {})} for n in names}
        if method == "DELETE":
            if "*" in name or name in ("_all",):
                return _error(400, "illegal_argument_exception",
                              "Wildcard expressions or all indices are not allowed")
            missing = [n for n in name.split(",") if n not in self.indices]
            if missing and params.get("ignore_unavailable") != "true":
                return _error(404, "index_not_found_exception", f"no such index [{missing[0]}]")
            for n in name.split(","):
                self.indices.pop(n, None)
                for targets in self.aliases.values():
                    targets.discard(n)
            return 200, {"acknowledged": True}
        return _error(405, "method_not_allowed", method)

    def _update_aliases(self, actions):
        aliases = {k: set(v) for k, v in self.aliases.items()}
        drop = []
        for action in actions:
            (kind, args), = action.items()
            if kind == "add":
                if args["index"] not in self.indices:
                    return _error(404, "index_not_found_exception", f"no such index [{args['index']}]")
                aliases.setdefault(args["alias"], set()).add(args["index"])
            elif kind == "remove":
                targets = aliases.get(args["alias"], set())
                matched = {n for n in targets if fnmatch.fnmatch(n, args["index"])}
                if not matched and args.get("must_exist"):
                    return _error(404, "aliases_not_found_exception", f"aliases [{args['alias']}] missing")
                targets -= matched
            elif kind == "remove_index":
                if args["index"] not in self.indices:
                    return _error(404, "index_not_found_exception", f"no such index [{args['index']}]")
                drop.append(args["index"])
        for name in drop:
            self.indices.pop(name)
        self.aliases = {k: v for k, v in aliases.items() if v}
        return 200, {"acknowledged": True, "errors": False}

    def _bulk(self, raw, default_index):
        lines = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            (op, meta), = lines[i].items()
            source = lines[i + 1] if op in ("index", "create", "update") else None
            i += 2 if source is not None else 1
            index = meta.get("_index", default_index)
            doc_id = str(meta["_id"])
            fault = next((f for f in self.bulk_item_faults if f[2] > 0), None)
            if fault is not None:
                fault[2] -= 1
                items.append({op: {"_index": index, "_id": doc_id, "status": fault[0],
                                   "error": {"type": fault[1], "reason": f"fake {fault[1]}"}}})
                continue
            targets = self._resolve(index)
            if index in self.aliases and len(targets) > 1:
                items.append({op: {"_index": index, "_id": doc_id, "status": 400, "error": {
                    "type": "illegal_argument_exception",
                    "reason": f"no write index is defined for alias [{index}]. The write index may be explicitly "
                              "disabled using is_write_index=false or the alias points to multiple indices "
                              "without one being designated as a write index"}}})
                continue
            if not targets:
                if index in self.aliases or "*" in index:
                    items.append({op: {"_index": index, "_id": doc_id, "status": 404, "error": {
                        "type": "index_not_found_exception", "reason": f"no such index [{index}]"}}})
                    continue
                self.indices[index] = {"body": {}, "docs": {}}  # auto-create, as ES does
                targets = [index]
            docs = self.indices[targets[0]]["docs"]
            if op == "delete":
                found = docs.pop(doc_id, None) is not None
                items.append({op: {"_index": targets[0], "_id": doc_id, "status": 200 if found else 404,
                                   "result": "deleted" if found else "not_found"}})
            else:
                created = doc_id not in docs
                docs[doc_id] = source
                items.append({op: {"_index": targets[0], "_id": doc_id, "status": 201 if created else 200,
                                   "result": "created" if created else "updated"}})
        errors = any(next(iter(it.values()))["status"] >= 300 for it in items)
        return 200, {"took": 1, "errors": errors, "items": items}

    def _search(self, index, body):
        names = self._resolve(index)
        if not names:
            return _error(404, "index_not_found_exception", f"no such index [{index}]")
        if body.get("from", 0) + body.get("size", 10) > 10_000:
            return _error(400, "illegal_argument_exception",
                          "Result window is too large, from + size must be less than or equal to: [10000]")
        docs = []
        for name in names:
            docs.extend((name, doc_id, src) for doc_id, src in sorted(self.indices[name]["docs"].items()))
        filters = ((body.get("query") or {}).get("bool") or {}).get("filter") or []
        for flt in filters:
            (field, value), = flt["term"].items()
            docs = [d for d in docs if value == d[2].get(field) or (isinstance(d[2].get(field), list)
                                                                      and value in d[2][field])]
        aggs = {}
        for name, agg in (body.get("aggs") or {}).items():
            counts = {}
            for _, _, src in docs:
                values = src.get(agg["terms"]["field"])
                for value in values if isinstance(values, list) else [values]:
                    if value is not None:
                        counts[value] = counts.get(value, 0) + 1
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            size = agg["terms"].get("size", 10)
            aggs[name] = {"doc_count_error_upper_bound": 0, "sum_other_doc_count": sum(c for _, c in ordered[size:]),
                          "buckets": [{"key": k, "doc_count": c} for k, c in ordered[:size]]}
        start, size = body.get("from", 0), body.get("size", 10)
        hits = [{"_index": n, "_id": i, "_score": 1.0, "_source": s} for n, i, s in docs[start:start + size]]
        out = {"took": 1, "timed_out": False, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
               "hits": {"total": {"value": len(docs), "relation": "eq"}, "max_score": 1.0 if hits else None,
                        "hits": hits}}
        if aggs:
            out["aggregations"] = aggs
        for sname, spec in (body.get("suggest") or {}).items():
            prefix = spec["prefix"].lower()
            options = []
            for n, i, src in docs:
                for text in (src.get("suggest") or {}).get("input", []):
                    if text.lower().startswith(prefix):
                        options.append({"text": text, "_index": n, "_id": i, "_score": 1.0, "_source": src})
            limit = spec["completion"].get("size", 5)
            out.setdefault("suggest", {})[sname] = [{"text": spec["prefix"], "offset": 0, "length": len(prefix),
                                                     "options": options[:limit]}]
        return 200, out


class SilentListener:
    """Accepts TCP connections and never answers (a hung cluster). Counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)

    def close(self):
        self._stop = True
        for conn in self.connections:
            conn.close()
        self.sock.close()


def encoded_api_key(key_id, key):
    return base64.b64encode(f"{key_id}:{key}".encode()).decode()

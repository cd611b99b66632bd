"""Issue 13, item 8: a strict Content-Security-Policy on the public pages (no inline script without the
response's nonce, nothing from another origin, never framed), an admin policy that still allows no
foreign origin, a Permissions-Policy; and no template of ours carries an inline script without a nonce
(tests/browser/conftest.py fails every browser test on a CSP violation in the console)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory

from core import page_cache
from core.security_headers import ContentSecurityPolicyMiddleware

PUBLIC_URLS = ["/", "/sang-kien/", "/tim-kiem/?q=mot+cua", "/don-vi/", "/so-sanh/", "/du-lieu-mo/",
               "/mo-hinh-tieu-bieu/", "/xac-minh/", "/api/v1/docs/"]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()
              if Path(app.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(app.path).parts]
    return sorted(path for root in roots if root.is_dir() for path in root.rglob("*.html"))


def test_public_pages_carry_the_strict_policy(site):
    client = Client()
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"], url
        assert all(s == "'self'" or s.startswith("'nonce-") for s in policy["script-src"]), url
        assert "'unsafe-eval'" not in policy["script-src"] and "'unsafe-inline'" not in policy["style-src"], url
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["img-src"] == ["'self'", "data:"], url
        permissions = response["Permissions-Policy"]
        assert "camera=()" in permissions and "geolocation=()" in permissions and "microphone=()" in permissions


def test_the_admin_policy_allows_no_foreign_origin(site, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("quantri", "qt@example.vn", "x"))
    for url in ("/admin/login/", "/admin/", "/admin/pages/", "/django-admin/"):
        response = (Client() if url.endswith("login/") else client).get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        sources = {s for values in policy.values() for s in values}
        assert sources <= {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}, (url, sources)
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"], url
        assert not any(s.startswith("'nonce-") for s in policy["script-src"]), url  # it would disable 'unsafe-inline'
        assert "Permissions-Policy" in response


def test_a_nonce_in_a_page_is_the_nonce_in_its_header_and_the_page_is_not_cached():
    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/trang-thu/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    nonce = re.search(rb'nonce="([^"]+)"', response.content).group(1).decode()
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]
    assert page_cache.cacheable_response(request, HttpResponse("x")) is False
    plain = RequestFactory().get("/trang-thu/")
    ContentSecurityPolicyMiddleware(lambda r: HttpResponse("x"))(plain)
    assert page_cache.cacheable_response(plain, HttpResponse("x")) is True


def test_a_page_from_the_public_cache_carries_the_headers(site, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    client = Client()
    first, second = client.get("/"), Client().get("/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"] and "Permissions-Policy" in second


SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NOT_EXECUTED = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)
HANDLER = re.compile(r"""<[^>]*\s(on[a-z]+)\s*=\s*["']""", re.IGNORECASE)


def test_no_template_has_an_inline_script_without_a_nonce():
    files = template_files()
    assert any(path.name == "base.html" for path in files) and len(files) > 20
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in SCRIPT.finditer(text):
            attributes = match.group(1)
            if "src=" in attributes or "nonce=" in attributes or NOT_EXECUTED.search(attributes):
                continue
            found.append(f"{path}: {match.group(0)}")
        found += [f"{path}: {m.group(1)}=" for m in HANDLER.finditer(text)]  # event handlers cannot carry a nonce
        found += [f"{path}: javascript: URL" for _ in re.finditer(r"""href\s*=\s*["']\s*javascript:""", text, re.I)]
    assert not found, "Move these scripts to static files or add nonce=\"{{ request.csp_nonce }}\":\n" + "\n".join(found)


def test_the_template_check_catches_an_inline_script(tmp_path):
    """The check above can fail: the same patterns flag an inline script and a handler."""
    sample = '<script>alert(1)</script><script src="/s.js"></script><button onclick="x()">'
    attributes = [m.group(1) for m in SCRIPT.finditer(sample)]
    assert [a for a in attributes if "src=" not in a] == [""]
    assert [m.group(1) for m in HANDLER.finditer(sample)] == ["onclick"]


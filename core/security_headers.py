"""Content-Security-Policy and Permissions-Policy on every response (issue 13, item 8; docs/security.md).

Public pages get the strict policy of settings.CONTENT_SECURITY_POLICY (django-csp): scripts only
from this site or carrying the response's nonce, never inline without it, no plugins, no foreign
<base>, never framed, images from the site and data: URIs. Our templates carry no inline script
(tests/test_security_headers.py reads them all); one that needs it writes
`<script nonce="{{ request.csp_nonce }}">`, and such a page is not stored by the public page cache
(core/page_cache.py), since each response has a fresh nonce.

The Wagtail and Django admins (CSP_ADMIN_PATH_PREFIXES) get CSP_ADMIN_DIRECTIVES instead: still only
this site's origin for everything (no foreign script, style, image, frame or connection), but
'unsafe-inline' for scripts and styles, because Wagtail's own admin templates write inline scripts
without a nonce (the inline panel's and the date pickers' initialisers, for example) and style
attributes. No nonce is sent there: a browser that sees a nonce ignores 'unsafe-inline'. The admin
may frame itself (the page preview), nobody else may frame it.
"""

from django.conf import settings
from csp.middleware import CSPMiddleware
from csp.utils import default_config


def is_admin_path(path):
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.CSP_ADMIN_DIRECTIVES)
            parts.nonce = None
        return parts


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the browser features no page of ours uses are refused to every origin
    (settings.PERMISSIONS_POLICY, a feature name -> allow-list; an empty list is `()`, none)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response

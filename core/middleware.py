"""Vietnamese first: the site speaks Vietnamese unless the visitor chooses English with the language
switch (a cookie). The browser's Accept-Language is not consulted: many officers' and citizens'
computers and phones run an English system with a Vietnamese user in front of them."""

from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)

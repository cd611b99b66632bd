"""Read-only JSON under /api/v1/search/ (django-ninja router, mounted in config/api.py).

Parameters are read and validated by search.query.parse_params (the same rules as the page), so
a bad value gives 400 with a Vietnamese message naming the parameter, never a 422 or a 500."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Router

from .backends import get_backend
from .presenters import facets_dict, hit_dict
from .query import QueryError, on_todays_map, parse_params
from .text import nfc

router = Router(tags=["search"])


def _bad_request(exc):
    return JsonResponse({"detail": _("Tham số không hợp lệ: %(errors)s") % {"errors": str(exc)},
                         "errors": exc.errors}, status=400, json_dumps_params={"ensure_ascii": False})


@router.get("/", url_name="search",
            summary="Tìm sáng kiến (q, area, province, level, tag, status, recognition, year, campaign, sort, page)",
            description="Tìm kiếm toàn văn các sáng kiến đã đăng, cùng quy tắc với trang /tim-kiem/: kết quả, số trang "
                        "và các nhóm lọc (facets). Tham số sai: 400 với thông báo tiếng Việt nêu tên tham số.")
def search(request):
    try:
        query = on_todays_map(parse_params(request.GET))
    except QueryError as exc:
        return _bad_request(exc)
    results = get_backend().search(query)
    return JsonResponse({
        "count": results.count, "page": results.page, "num_pages": results.num_pages,
        "page_size": results.page_size, "results": [hit_dict(h) for h in results.results],
        "facets": facets_dict(results.facets), "backend": results.backend, "fallback": results.fallback,
    }, json_dumps_params={"ensure_ascii": False})


@router.get("/suggest/", url_name="search-suggest", summary="Gợi ý tên sáng kiến và đơn vị theo phần đầu từ khoá",
            description="Gợi ý khi gõ: tên sáng kiến và tên đơn vị bắt đầu bằng từ khoá q (tối đa 100 ký tự).")
def suggest(request):
    prefix = nfc(request.GET.get("q", "")).strip()
    if len(prefix) > 100 or "\x00" in prefix:
        message = _("Từ khoá gợi ý quá dài hoặc chứa ký tự không hợp lệ (tối đa 100 ký tự).")
        return _bad_request(QueryError({"q": message}))
    suggestions = get_backend().suggest(prefix) if prefix else []
    return JsonResponse({"results": [{"text": s.text, "kind": s.kind, "url": s.url} for s in suggestions]},
                        json_dumps_params={"ensure_ascii": False})

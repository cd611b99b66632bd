"""Pagination for public pages that show several paginated lists at once (the unit page has the
initiatives, the adoptions, the ranking and the comparison): each list reads its own query parameter
(?trang=, ?trang_xh=, …) and its links keep every other parameter, so paging one list leaves the
others where they were. Render with {% include "core/pager.html" with page_obj=… anchor=… %}."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import QueryDict


def query_with(request, **changes):
    """The current query string with `changes` applied (a value of None removes the parameter)."""
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


def page_of(request, items, per_page, param, *, count=None):
    """The page of `items` that ?`param`= asks for (junk → first page, past the end → last page).
    `count` skips the COUNT query when the caller already knows the total (two lists of one set).
    The page carries `previous_query`/`next_query` for its links."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this replaces the query
    raw = request.GET.get(param, 1) if request is not None else 1
    try:
        page = paginator.page(raw)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(1 if int(raw) < 1 else paginator.num_pages)
    page.param = param
    page.previous_query = query_with(request, **{param: page.previous_page_number()}) if page.has_previous() else ""
    page.next_query = query_with(request, **{param: page.next_page_number()}) if page.has_next() else ""
    return page

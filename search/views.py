"""The public search page, /tim-kiem/. Thin: parse, ask the backend, render."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .backends import get_backend
from .presenters import current_params, facet_groups, href, localize_areas, recognition_label, status_label
from .query import QueryError, Sort, on_todays_map, parse_params


def search_page(request):
    from core.page_cache import tag_page

    tag_page(request, "listing")
    errors, results, query = {}, None, None
    try:
        query = on_todays_map(parse_params(request.GET))
    except QueryError as exc:
        errors = exc.errors
    context = {"errors": errors, "sort_choices": [(k, _(v)) for k, v in Sort.CHOICES.items()],
               "q": request.GET.get("q", "")[:500]}
    if query is not None:
        results = get_backend().search(query)
        localize_areas(results)
        params = current_params(query)
        for hit in results.results:
            hit.status_label = status_label(hit.status)
            hit.recognition_label = recognition_label(hit.recognition_level)
        context.update(
            query=query, results=results, facet_groups=facet_groups(query, results.facets),
            sort=query.sort, hidden_filters=[(k, v) for k, v in params.items() if k not in ("q", "sort")],
            previous_href=href(params, page=results.page - 1) if results.has_previous else "",
            next_href=href(params, page=results.page + 1) if results.has_next else "",
        )
    return render(request, "search/search.html", context, status=400 if errors else 200)

"""What the public may see — the one place that says it. Every public page, feed, search document, API
route and download reads through these functions; nothing public filters on `.live()` alone.

- A **public initiative**: a live (published) Wagtail page, not behind a view restriction (password,
  login or group), under the root page of a site (a page outside every site has no public address).
  Its lifecycle status is shown, never used to hide: a page published before submission is public;
  an unpublished page (a draft, or a page unpublished since) never is.
- A **public campaign**: the same three conditions for a campaign page.
- A **started adoption** (lượt nhân rộng): an adoption of a public initiative that has started, i.e.
  whose status is anything but "planned" (piloting, operating, suspended or discontinued: the commune
  did put the model to work). See `rollout.models.STARTED_STATUSES`.
- A **public award**: a confirmed award (never a proposal, never a revoked one) of a public campaign,
  given to a unit or to a public initiative (an award to an initiative the public cannot open would
  name it).
  The verification page /xac-minh/<id>/ is the one place that still answers for a revoked award, to
  say it was revoked.
- **Which fields**: an initiative's title, summary, reform area, origin unit, status, dates and its
  key figures; never the appraisal's scores, comments or conflicts before a decision is published.
  The open-data registry (opendata/datasets.py) lists the fields of each dataset.

Each function returns a queryset built lazily; `public_initiatives()` reads the view restrictions and
the site roots when evaluated (the site roots come from Wagtail's cache).
"""

from django.db.models import Q


def _in_a_site(via=""):
    """Q: the page lies under the root page of some site (by its URL path, as Wagtail routes it; the
    site roots come from Wagtail's cache, so no query)."""
    from wagtail.models import Site

    roots = {root.root_path for root in Site.get_site_root_paths()}
    roots = [path for path in roots if not any(path != other and path.startswith(other) for other in roots)]
    if not roots:
        return Q(pk__in=[])
    condition = Q()
    for path in sorted(roots):
        condition |= Q(**{f"{via}url_path__startswith": path})
    return condition


def _not_view_restricted(via=""):
    """Q: no view restriction on the page or above it — as Wagtail's PageQuerySet.public(), but as a
    subquery, so a page that reads the rule several times does not query the restrictions each time."""
    from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
    from wagtail.models import PageViewRestriction

    above = (PageViewRestriction.objects
             .annotate(target=ExpressionWrapper(OuterRef(f"{via}path"), output_field=CharField()))
             .filter(target__startswith=F("page__path")))
    return ~Exists(above)


def public_page(via=""):
    """Q: the page reached through the relation path `via` ("initiative__", "" for the page itself) is
    public: live, not view-restricted, in a site. The rule as conditions on joined columns, so a
    list of adoptions, values or awards checks its own rows (PostgreSQL walks an index and checks the
    page of each row it returns) instead of building the set of every public initiative (100.000 at
    national scale: 110–180 ms) on each query, as `initiative IN (public initiatives)` made it do."""
    return Q(**{f"{via}live": True}) & _not_view_restricted(via) & _in_a_site(via)


def public_pages(queryset):
    """`queryset` (of pages) reduced to the public ones: live, not view-restricted, in a site."""
    return queryset.filter(public_page())


def public_initiatives():
    """Initiatives the public may see (see the module docstring)."""
    from initiatives.models import InitiativePage

    return public_pages(InitiativePage.objects.all())


def is_public_initiative(page_or_id):
    """Is this initiative (a page or its id) public?"""
    pk = getattr(page_or_id, "pk", page_or_id)
    return pk is not None and public_initiatives().filter(pk=pk).exists()


def public_campaigns():
    """Emulation campaigns the public may see."""
    from campaigns.models import CampaignPage

    return public_pages(CampaignPage.objects.all())


def current_campaign(today=None):
    """The campaign of the moment on the public pages (home, comparison): the public campaign running
    today (the most recently started if several); else the most recently started one that has begun.
    One query; None when there is none."""
    from django.db.models import Case, Max, Min, Value, When
    from django.utils import timezone

    today = today or timezone.localdate()
    return (public_campaigns()
            .annotate(first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"))
            .filter(first_day__lte=today)
            .annotate(running=Case(When(last_day__gte=today, then=Value(1)), default=Value(0)))
            .order_by("-running", "-first_day", "-pk").first())


def started_adoptions(initiatives=None):
    """Adoptions that count as replication on every public page: of a public initiative (or of
    `initiatives`, a queryset of public ones), started — not merely planned."""
    from rollout.models import Adoption

    initiatives = initiatives if initiatives is not None else public_initiatives()
    return Adoption.objects.started().filter(initiative__in=initiatives.values("pk"))


def public_adoptions():
    """Every adoption of a public initiative, planned ones included (the open-data list, the API),
    each with its status: a planned adoption is shown as planned and never counted as replication."""
    from rollout.models import Adoption

    return Adoption.objects.filter(public_page("initiative__"))


def public_observations():
    """Indicator values: a unit's own (no adoption) or measured for an adoption of a public initiative."""
    from rollout.models import Observation

    return Observation.objects.filter(Q(adoption__isnull=True) | public_page("adoption__initiative__"))


def public_awards():
    """Confirmed awards of public campaigns, to a unit or a public initiative (proposals and revoked
    awards are never listed)."""
    from campaigns.models import Award, AwardStatus

    return (Award.objects.filter(public_page("campaign__"), status=AwardStatus.CONFIRMED)
            .filter(Q(recipient_initiative__isnull=True) | public_page("recipient_initiative__")))


def verifiable_awards():
    """Awards the verification page /xac-minh/<id>/ answers for: public awards, and revoked ones of the
    same kind (a certificate once issued must be shown revoked). Proposals never."""
    from campaigns.models import Award, AwardStatus

    return (Award.objects.filter(public_page("campaign__"), status__in=(AwardStatus.CONFIRMED, AwardStatus.REVOKED))
            .filter(Q(recipient_initiative__isnull=True) | public_page("recipient_initiative__")))


def award_initiative_is_public():
    """An expression for award querysets: the recipient initiative is public (else its name is hidden)."""
    from django.db.models import BooleanField, ExpressionWrapper

    return ExpressionWrapper(public_page("recipient_initiative__"), output_field=BooleanField())


def public_leaderboard_rows():
    """Stored leaderboard rows of public campaigns."""
    from campaigns.models import LeaderboardRow

    return LeaderboardRow.objects.filter(public_page("campaign__"))


def pages_using(document):
    """Ids of the pages whose content uses `document` (Wagtail's reference index: a page's current
    content, i.e. what is published for a live page; a draft's new attachments are not counted)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    return [int(pk) for pk in ReferenceIndex.get_references_to(document)
            .filter(base_content_type=page_type).values_list("object_id", flat=True).distinct()]


def is_public_document(document):
    """A **public document** (/documents/<id>/<name>): one a public page uses. A document used only by
    a draft, unpublished or view-restricted initiative, or by no page at all, is not public."""
    from wagtail.models import Page

    ids = pages_using(document)
    return bool(ids) and public_pages(Page.objects.filter(pk__in=ids)).exists()

"""The four roles of the product, as Django groups. Names are data shown in the admin."""

COMMUNE_OFFICERS = "Cán bộ đơn vị"
COUNCIL_MEMBERS = "Thành viên hội đồng"
EDITORS = "Biên tập viên"
ADMINISTRATORS = "Quản trị viên"


def in_group(user, name):
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_group_names_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names_cache = cache
    return name in cache


def is_staff_wide(user):
    """Editors and administrators act across units; superusers too."""
    return bool(user.is_active and (user.is_superuser or in_group(user, EDITORS) or in_group(user, ADMINISTRATORS)))


def user_unit(user):
    """The unit a user works for, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    affiliation = getattr(user, "affiliation", None)
    return affiliation.unit if affiliation else None

"""The four roles of the product, as Django groups (names are data shown in the admin), and the one
rule of "may act for this unit": a commune officer acts for their own unit only; editors,
administrators and superusers act across units. Every app asks `can_act_for_unit`, so the admin page
permissions, the actions, the importer and the API behave the same."""

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


def can_act_for_unit(user, unit_id):
    """May `user` write for the unit `unit_id`: an active staff-wide user, or an officer of that unit."""
    if not user.is_active:
        return False
    if is_staff_wide(user):
        return True
    unit = user_unit(user)
    return unit is not None and unit_id is not None and unit.pk == unit_id

"""The four roles of the product, as Django groups (names are data shown in the admin), and the one
rule of "may act for this unit": a commune officer acts for their own (current) unit and the units
merged into it; editors,
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


# Functions unit -> ids of the units whose records that unit's officers hold, registered by the apps
# that know the map (units.apps registers the units merged into it, at any depth): core stays at the
# bottom and asks no higher app.
_UNIT_SCOPES = []


def register_unit_scope(func):
    """Register `func(unit) -> iterable of unit ids` the unit's officers also act for."""
    if func not in _UNIT_SCOPES:
        _UNIT_SCOPES.append(func)
    return func


def acting_unit_ids(user):
    """The units an officer may act for: their own unit, which must be one in force today (officers
    are bound to current units), and the units merged into it before 1 July 2025 — to read and
    correct their records and record late data for periods before the merger. Empty for an officer
    bound to a unit that no longer exists (rebind them to its successor), or without a unit.
    Cached on the user object for the request."""
    cached = getattr(user, "_acting_unit_ids_cache", None)
    if cached is not None:
        return cached
    unit = user_unit(user)
    ids = frozenset()
    if unit is not None and getattr(unit, "valid_until", None) is None:
        found = {unit.pk}
        for scope in _UNIT_SCOPES:
            found |= set(scope(unit))
        ids = frozenset(found)
    if getattr(user, "is_authenticated", False):
        user._acting_unit_ids_cache = ids
    return ids


def can_act_for_unit(user, unit_id):
    """May `user` act for the unit `unit_id` (the one rule every app asks): an active staff-wide user
    everywhere; an active officer for their current unit and the units merged into it, nothing else."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if is_staff_wide(user):
        return True
    return unit_id is not None and unit_id in acting_unit_ids(user)

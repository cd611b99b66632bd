"""The page tree and the four roles, created idempotently (called by `setup_site` and `load_demo`)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from core import roles
from initiatives.models import InitiativeIndexPage

from .models import HomePage

SITE_TITLE = "Nhân Rộng"
# Where officers upload the documents and images of their initiatives (issue 13, item 10).
UNITS_COLLECTION = "Tài liệu, hình ảnh của các đơn vị"


@transaction.atomic
def ensure_pages():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial "Welcome" page is replaced by our home page.
        for welcome in Page.objects.filter(depth=2).exclude(content_type__model="homepage"):
            welcome.delete()
        home = root.add_child(instance=HomePage(
            title=SITE_TITLE, slug="home",
            intro="Nơi các xã, phường và cơ quan chia sẻ sáng kiến cải cách hành chính, "
                  "theo dõi việc nhân rộng và hiệu quả của từng mô hình."))
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page": home, "site_name": SITE_TITLE})
    index = InitiativeIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=InitiativeIndexPage(
            title="Sáng kiến, mô hình", slug="sang-kien",
            intro="Các sáng kiến, mô hình cải cách hành chính đã được đăng ký."))
    if not index.title_en:  # an index made before the English fields existed gets them once
        index.title_en = "Initiatives and models"
        index.intro_en = "Public-administration reform initiatives and models registered by communes and agencies."
        index.save(update_fields=["title_en", "intro_en"])
    return home, index


def _perms(*codenames):
    return list(Permission.objects.filter(codename__in=codenames))


@transaction.atomic
def ensure_roles(index):
    admin_access = _perms("access_admin")
    officers, _ = Group.objects.get_or_create(name=roles.COMMUNE_OFFICERS)
    council, _ = Group.objects.get_or_create(name=roles.COUNCIL_MEMBERS)
    editors, _ = Group.objects.get_or_create(name=roles.EDITORS)
    admins, _ = Group.objects.get_or_create(name=roles.ADMINISTRATORS)
    officers.permissions.add(*admin_access, *_perms("choose_image", "add_image", "add_document", "choose_document"))
    council.permissions.add(*admin_access)
    editors.permissions.add(*admin_access, *_perms(
        "add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document",
        "view_administrativeunit", "add_reformarea", "change_reformarea", "add_targetgroup", "change_targetgroup"))
    admins.permissions.add(*Permission.objects.exclude(codename__startswith="delete_user"))
    page_perms = {
        officers: ("add_page", "change_page"),
        council: (),
        editors: ("add_page", "change_page", "publish_page"),
        admins: ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
    }
    for group, codenames in page_perms.items():
        for permission in _perms(*codenames):
            page = index if group in (officers,) else index.get_parent()
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    groups = {"officers": officers, "council": council, "editors": editors, "admins": admins}
    ensure_collections(groups)
    return groups


# Wagtail checks documents and images against collection permissions, not the group's model
# permissions: without these no officer or editor could upload (issue 13, item 10).
COLLECTION_PERMISSIONS = {
    # Officers upload into the units' shared collection and choose from it; they change or delete
    # only what they uploaded themselves (Wagtail's ownership rule for "add"). They see no other
    # collection, so nothing an editor files elsewhere reaches their choosers.
    "officers": ("units", ("add", "choose")),
    # Editors and administrators work in every collection (the root covers its descendants).
    "editors": ("root", ("add", "change", "choose")),
    "admins": ("root", ("add", "change", "delete", "choose")),
}


@transaction.atomic
def ensure_collections(groups):
    root = Collection.get_first_root_node()
    units = root.get_children().filter(name=UNITS_COLLECTION).first() or root.add_child(name=UNITS_COLLECTION)
    places = {"root": root, "units": units}
    for role, (place, actions) in COLLECTION_PERMISSIONS.items():
        for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
            for permission in Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[role], collection=places[place], permission=permission)
    return units


# Wagtail's first migrations name the tree's root "Root", the root collection "Root" and make two groups,
# "Editors" and "Moderators", with rights on the whole tree. The admin shows all three to Vietnamese
# staff (the page explorer, the image and document forms, the group list); our four roles replace the groups.
ROOT_TITLE = "Gốc"
WAGTAIL_GROUPS = ("Editors", "Moderators")


@transaction.atomic
def ensure_vietnamese_defaults():
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_TITLE)
    # Only while nobody was put in them: a site that uses them keeps them.
    Group.objects.filter(name__in=WAGTAIL_GROUPS, user__isnull=True).delete()


def setup_site():
    ensure_vietnamese_defaults()
    home, index = ensure_pages()
    groups = ensure_roles(index)
    return home, index, groups

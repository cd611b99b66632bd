"""The dependency rule (docs/architecture.md), checked on the source: every import of every module of
our apps, function-level ones included (read with ast), goes to the same app or to a lower layer.

    core  <  units  <  initiatives  <  appraisal, rollout  <  campaigns  <  search, opendata  <  public
          <  following  <  home  <  scale  <  config

An import that goes up must be listed in ALLOWED with the reason; a new one fails this test."""

import ast
from pathlib import Path

from django.conf import settings

LAYERS = {"core": 0, "units": 1, "initiatives": 2, "appraisal": 3, "rollout": 3, "campaigns": 4,
          "search": 5, "opendata": 5, "public": 6, "following": 6.5, "home": 7, "scale": 7.5, "config": 8}

# (importing module, imported app): why it is allowed for now. Read side (pages, API, downloads)
# still living in a domain app reads what is public from public/rules.py; these are to move into
# public/ next (issue 12, what is left).
READ_SIDE = "public read side in a domain app (renders public pages, API or downloads): reads public.rules"
ALLOWED = {
    ("units.profile", "public"): READ_SIDE, ("units.profile", "campaigns"): READ_SIDE,
    ("units.profile", "rollout"): READ_SIDE,
    ("units.stats", "public"): READ_SIDE,
    ("units.api", "opendata"): READ_SIDE,
    ("initiatives.api", "opendata"): READ_SIDE,
    ("initiatives.models.pages", "public"): "the index page model renders the public list (get_context)",
    ("rollout.api", "opendata"): READ_SIDE, ("rollout.api", "public"): READ_SIDE,
    ("rollout.views", "public"): READ_SIDE, ("rollout.exporting", "public"): READ_SIDE,
    ("initiatives.paper_views", "public"): "the public certificate of a recognised initiative (issue 14)",
    ("rollout.dossier_views", "public"): "the replication evidence dossier reads only public initiatives",
    ("appraisal.api", "opendata"): READ_SIDE,
    ("campaigns.api", "opendata"): READ_SIDE, ("campaigns.api", "public"): READ_SIDE,
    ("campaigns.views", "public"): READ_SIDE, ("campaigns.verification", "public"): READ_SIDE, ("campaigns.replication", "public"): READ_SIDE,
    ("campaigns.models.pages", "public"): "the campaign index page model renders the public list",
    ("search.indexing", "public"): "search documents are built for public initiatives only",
    ("opendata.queries", "public"): "open data filters read what is public",
    ("home.management.commands.check_services", "config"): "the services check pings through the Celery app",
}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def upward_imports():
    base = Path(settings.BASE_DIR)
    found = []
    for app, layer in LAYERS.items():
        for path in sorted((base / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(base).with_suffix("").parts).removesuffix(".__init__")
            for line, name in _imports(path):
                target = name.split(".")[0]
                if target not in LAYERS or target == app:
                    continue
                if LAYERS[target] >= layer and (module, target) not in ALLOWED:
                    found.append(f"{module}:{line} imports {name}")
    return found


def test_no_app_imports_a_higher_or_sibling_app():
    assert upward_imports() == []


def test_domain_apps_never_import_home():
    offenders = [item for item in upward_imports() if item.endswith(" imports home") or " imports home." in item]
    assert offenders == []


def test_every_allowed_exception_is_still_needed():
    base = Path(settings.BASE_DIR)
    used = set()
    for app in LAYERS:
        for path in (base / app).rglob("*.py"):
            module = ".".join(path.relative_to(base).with_suffix("").parts).removesuffix(".__init__")
            used |= {(module, name.split(".")[0]) for _line, name in _imports(path)}
    assert sorted(set(ALLOWED) - used) == []

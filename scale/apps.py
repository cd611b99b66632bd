from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """The national-scale dataset generator (`manage.py generate_scale`), used by `make bench`: a
    tool on top of every app (it writes initiatives, adoptions, observations and ledger entries the
    way their bulk writers would), never imported by them."""

    name = "scale"
    verbose_name = "Dữ liệu quy mô toàn quốc (đo hiệu năng)"

"""manage.py search_index --rebuild | --update ID [ID …] | --clear-missing

--rebuild refreshes every SearchEntry row, then (when ELASTICSEARCH_URL is set) builds a new
Elasticsearch index and switches the alias to it, so searches never see an empty index."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import elasticsearch_enabled
from search.backends.database import DatabaseBackend
from search.indexing import all_initiative_ids
from search.models import SearchEntry


class Command(BaseCommand):
    help = "Xây dựng lại hoặc cập nhật chỉ mục tìm kiếm sáng kiến."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Xây dựng lại toàn bộ chỉ mục.")
        parser.add_argument("--update", nargs="+", type=int, metavar="ID", help="Cập nhật các sáng kiến theo id.")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, **options):
        if not options["rebuild"] and not options["update"]:
            raise CommandError("Chọn --rebuild hoặc --update ID …")
        quiet = options["no_progress"] or options["verbosity"] == 0
        if options["update"]:
            backend = self._backend()
            indexed, removed = backend.index(options["update"])
            self.stdout.write(f"Đã cập nhật {len(indexed)}, đã xoá {len(removed)} mục.")
            return
        ids = all_initiative_ids()
        with tqdm(total=len(ids), desc="Cơ sở dữ liệu", unit="sáng kiến", disable=quiet, file=self.stderr) as bar:
            DatabaseBackend().rebuild(progress=bar.update)
        entries = SearchEntry.objects.count()
        self.stdout.write(f"Chỉ mục cơ sở dữ liệu: {entries} sáng kiến đang xuất bản.")
        if elasticsearch_enabled():
            from search.backends.elastic import ES_ERRORS, ElasticsearchBackend
            from search.backends.es_client import describe_failure

            with tqdm(total=entries, desc="Elasticsearch", unit="tài liệu", disable=quiet, file=self.stderr) as bar:
                try:
                    total = ElasticsearchBackend().rebuild(progress=bar.update)
                except ES_ERRORS as exc:
                    raise CommandError(f"Xây dựng lại Elasticsearch thất bại ({describe_failure(exc)}); chỉ mục "
                                       "dở dang đã được xoá, bí danh vẫn trỏ vào chỉ mục cũ.") from exc
            self.stdout.write(f"Elasticsearch: {total} tài liệu, bí danh đã chuyển sang chỉ mục mới.")

    def _backend(self):
        if elasticsearch_enabled():
            from search.backends.elastic import ElasticsearchBackend

            return ElasticsearchBackend()
        return DatabaseBackend()

"""Writing to Elasticsearch: pushing SearchEntry rows, the first index behind the alias, full rebuilds
with an atomic alias swap, and the synonyms set. All of it uses the "maintenance" client (longer
timeout, transport retries) and reports every item Elasticsearch refuses: a task never claims success
for writes that did not happen.

Races it closes:
- an update pushed during a rebuild is queued and replayed into the new index after the swap;
- two workers creating the first index at once: it has a fixed name, so only one is created and the
  alias never points at two indices (Elasticsearch would refuse every write through it);
- a rebuild moves the alias in one `_aliases` call that also takes it off every other index.
"""

import logging
import time
from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone
from elasticsearch import BadRequestError, NotFoundError
from elasticsearch.helpers import streaming_bulk

from ..documents import alias_name, build_index, document_body, synonym_rules, synonyms_set_body, synonyms_set_name
from ..models import ElasticRebuild, QueuedIndexUpdate, SearchEntry
from ..query import load_synonym_groups
from .es_client import ES_ERRORS, BulkFailure, get_client

logger = logging.getLogger("nhanrong.search")

CHUNK = 500
BULK_RETRIES = 4  # per-item 429s are retried with backoff this many times before they count as failures
BULK_INITIAL_BACKOFF = 0.5
BULK_MAX_BACKOFF = 8
# A rebuild older than this that never finished (the process died) no longer makes updates queue.
REBUILD_STALE_AFTER = timedelta(hours=6)


class ElasticIndexer:
    def __init__(self, es=None):
        self._es = es

    @property
    def es(self):
        if self._es is None:
            self._es = get_client("maintenance")
        return self._es

    # -- documents --------------------------------------------------------------------------
    def _entries(self, ids=None):
        qs = SearchEntry.objects.prefetch_related("facet_values").order_by("pk")
        return qs if ids is None else qs.filter(pk__in=list(ids))

    def _actions(self, entries, index):
        for entry in entries:
            yield {"_index": index, "_id": entry.pk, "_source": document_body(entry)}

    def bulk(self, actions):
        """Send `actions`; 429s are retried with backoff; a delete of a missing document is fine (it is
        gone, as asked). Any other refused item raises BulkFailure after all items were tried."""
        ok, failed = 0, []
        for success, item in streaming_bulk(self.es, actions, chunk_size=CHUNK, raise_on_error=False,
                                            raise_on_exception=True, max_retries=BULK_RETRIES,
                                            initial_backoff=BULK_INITIAL_BACKOFF, max_backoff=BULK_MAX_BACKOFF):
            op, info = next(iter(item.items()))
            if success or (op == "delete" and info.get("status") == 404):
                ok += 1
            else:
                failed.append(info)
        if failed:
            error = BulkFailure(failed)
            logger.error("Elasticsearch bulk: %d written, %s", ok, error)
            raise error
        return ok

    # -- synonyms ---------------------------------------------------------------------------
    def put_synonyms(self):
        """Write the editable Synonym table to the synonyms set (empty when the table is: nothing is
        invented). Elasticsearch reloads the search analysers of the indices that use the set."""
        rules = synonym_rules(load_synonym_groups())
        self.es.synonyms.put_synonym(id=synonyms_set_name(), synonyms_set=synonyms_set_body(rules))
        return rules

    def sync_synonyms(self):
        """After a Synonym edit: update the set, then reload the search analysers of the alias's index
        explicitly (cheap, and it makes the reload visible in the cluster's task log)."""
        rules = self.put_synonyms()
        alias = alias_name()
        if self.es.indices.exists_alias(name=alias):
            self.es.indices.reload_search_analyzers(index=alias)
        return rules

    # -- the alias --------------------------------------------------------------------------
    def _new_index_name(self):
        return f"{alias_name()}-{int(time.time() * 1000)}"

    def alias_targets(self):
        alias = alias_name()
        try:
            return sorted(self.es.indices.get_alias(name=alias).keys())
        except NotFoundError:
            return []

    def _swap_actions(self, new):
        """One `_aliases` call: take the alias off every other index, put it on `new`; a concrete index
        squatting the alias's name is removed in the same call (remove_index), so there is no moment
        with no alias or with two indices behind it."""
        alias = alias_name()
        actions = [{"remove": {"index": f"{alias}-*", "alias": alias, "must_exist": False}},
                   {"add": {"index": new, "alias": alias}}]
        if self.es.indices.exists(index=alias) and not self.alias_targets():
            actions.append({"remove_index": {"index": alias}})
        return actions

    def ensure_alias(self):
        """First use: create the first index behind the alias. Its name is fixed (`<alias>-initial`), so
        two workers doing this at once race on index creation, which Elasticsearch makes atomic: one
        creates it, the other is told it exists, and both point the alias at the same index."""
        alias = alias_name()
        if self.es.indices.exists_alias(name=alias):
            return
        self.put_synonyms()  # the set must exist before an index that uses it
        first = f"{alias}-initial"
        try:
            build_index(first).create(using=self.es)
        except BadRequestError as exc:
            if "resource_already_exists" not in str(exc.error):
                raise
        actions = [{"add": {"index": first, "alias": alias}}]
        if self.es.indices.exists(index=alias) and not self.alias_targets():
            actions.append({"remove_index": {"index": alias}})  # a concrete index squatting the name
        self.es.indices.update_aliases(actions=actions)

    # -- incremental updates -----------------------------------------------------------------
    def running_rebuild(self):
        since = timezone.now() - REBUILD_STALE_AFTER
        return ElasticRebuild.objects.filter(status=ElasticRebuild.Status.RUNNING, started_at__gte=since).first()

    def queue(self, ids):
        for pk in {int(i) for i in ids}:
            try:
                QueuedIndexUpdate.objects.update_or_create(initiative_id=pk)
            except IntegrityError:  # queued by a concurrent push: once is enough
                pass

    def push(self, indexed, removed):
        """Mirror SearchEntry rows (already refreshed) for these ids into Elasticsearch. During a
        rebuild the ids are queued first, then written through the alias (see module docstring)."""
        ids = list(indexed) + list(removed)
        if not ids:
            return 0
        self.ensure_alias()
        if self.running_rebuild() is not None:
            self.queue(ids)
        return self._write(indexed, removed, alias_name())

    def _write(self, indexed, removed, index):
        actions = list(self._actions(self._entries(indexed), index))
        actions += [{"_op_type": "delete", "_index": index, "_id": pk} for pk in removed]
        return self.bulk(actions) if actions else 0

    def replay(self):
        """Write every queued initiative's current state through the alias; repeat until the queue is
        empty. Returns how many were replayed."""
        total = 0
        while True:
            ids = list(QueuedIndexUpdate.objects.order_by("queued_at").values_list("initiative_id", flat=True)[:CHUNK])
            if not ids:
                return total
            QueuedIndexUpdate.objects.filter(initiative_id__in=ids).delete()
            present = set(SearchEntry.objects.filter(pk__in=ids).values_list("pk", flat=True))
            self._write(sorted(present), sorted(set(ids) - present), alias_name())
            total += len(ids)

    # -- rebuild ----------------------------------------------------------------------------
    def rebuild(self, progress=None):
        """Build a fresh index from SearchEntry, then move the alias to it in one atomic call:
        searches keep hitting the old index until the new one is complete. Updates made meanwhile are
        replayed after the swap. A failed rebuild deletes its half-built index and leaves the alias
        where it was."""
        new = self._new_index_name()
        QueuedIndexUpdate.objects.all().delete()  # the new index is built from the current rows anyway
        run = ElasticRebuild.objects.create(index_name=new)
        try:
            self.put_synonyms()
            build_index(new).create(using=self.es)
            total = 0
            batch = []
            for entry in self._entries().iterator(chunk_size=CHUNK):
                batch.append(entry)
                if len(batch) >= CHUNK:
                    total += self._send_batch(batch, new, progress)
                    batch = []
            if batch:
                total += self._send_batch(batch, new, progress)
            self.es.indices.refresh(index=new)
            old = [name for name in self.alias_targets() if name != new]
            self.es.indices.update_aliases(actions=self._swap_actions(new))
            replayed = self.replay()
        except Exception as exc:  # noqa: BLE001 - whatever stopped it, the half-built index goes
            self._abandon(run, new, exc)
            raise
        for name in old:  # by name: ES 8 refuses wildcard deletes (action.destructive_requires_name)
            self.es.indices.delete(index=name, ignore_unavailable=True)
        run.status, run.finished_at = ElasticRebuild.Status.DONE, timezone.now()
        run.documents, run.replayed = total, replayed
        run.save(update_fields=["status", "finished_at", "documents", "replayed"])
        replayed += self.replay()  # anything queued between the swap and `done`
        logger.info("Elasticsearch rebuilt: %d documents in %s (alias %s), %d updates replayed",
                    total, new, alias_name(), replayed)
        return total

    def _send_batch(self, batch, index, progress):
        sent = self.bulk(self._actions(batch, index))
        if progress:
            progress(len(batch))
        return sent

    def _abandon(self, run, new, exc):
        run.status, run.finished_at, run.error = ElasticRebuild.Status.FAILED, timezone.now(), str(exc)[:2000]
        run.save(update_fields=["status", "finished_at", "error"])
        if new in self.alias_targets():
            return  # the swap happened (the replay failed): the new index is live, keep it
        try:
            self.es.indices.delete(index=new, ignore_unavailable=True)
            logger.warning("Elasticsearch rebuild failed (%s); the new index %s was deleted", exc, new)
        except ES_ERRORS as cleanup_error:
            logger.error("Elasticsearch rebuild failed (%s) and index %s could not be deleted (%s)",
                         exc, new, cleanup_error)

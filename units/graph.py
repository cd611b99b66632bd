"""What rolls up into what, for many units at once: the graph behind every roll-up of figures.

A unit's direct contributors are the units below it (its children, any era) and the units merged
into it (its predecessors). `RollupGraph.build(units)` walks that graph from all the given units
together, one level at a time (two queries per level, whatever the number of units: 4 for communes,
8 for provinces on the real data), plus one query for the successors of the split units met.
"""

import dataclasses
from collections import defaultdict

from .models import AdministrativeUnit, UnitLevel

LEVEL_ORDER = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


def successors_of(unit_ids):
    """{unit id: set of its successor ids} for `unit_ids` (the split units met: whole mergers need no
    list). One query, none when `unit_ids` is empty."""
    found = defaultdict(set)
    if unit_ids:
        through = AdministrativeUnit.successors.through
        for from_id, to_id in through.objects.filter(from_administrativeunit_id__in=list(unit_ids)).values_list(
                "from_administrativeunit_id", "to_administrativeunit_id"):
            found[from_id].add(to_id)
    return dict(found)


def went_in_part(successors, inside):
    """The rule for a split unit: it went only in part into a target when some of its `successors`
    lie outside `inside`, what rolls up to the target (a commune split between two communes of one
    province is whole for the province, in part for each commune). Figures (rollout.rollups) leave
    such a unit out; points (campaigns.standing) credit it and say so."""
    return bool(successors) and not set(successors).issubset(inside)


@dataclasses.dataclass
class Node:
    level: str
    historic: bool
    split: bool


@dataclasses.dataclass
class RollupGraph:
    targets: list
    nodes: dict  # unit id -> Node
    contributors: dict  # unit id -> set of unit ids rolling up into it directly
    split_successors: dict  # split unit id -> set of its successor ids

    @classmethod
    def build(cls, units, succession_only=False):
        units = list(units)
        nodes = {u.pk: Node(u.level, u.is_historic, u.split) for u in units}
        contributors = defaultdict(set)
        through = AdministrativeUnit.successors.through
        frontier = set(nodes)
        while frontier:
            found = set()
            below = AdministrativeUnit.objects.none() if succession_only else AdministrativeUnit.objects
            for pk, parent_id, level, until, split in (below.filter(parent_id__in=frontier)
                                                       .order_by().values_list("pk", "parent_id", "level",
                                                                               "valid_until", "split")):
                contributors[parent_id].add(pk)
                if pk not in nodes:
                    nodes[pk] = Node(level, until is not None, split)
                    found.add(pk)
            for pk, to_id, level, until, split in (through.objects.filter(to_administrativeunit_id__in=frontier)
                                                   .order_by().values_list(
                                                       "from_administrativeunit_id", "to_administrativeunit_id",
                                                       "from_administrativeunit__level",
                                                       "from_administrativeunit__valid_until",
                                                       "from_administrativeunit__split")):
                contributors[to_id].add(pk)
                if pk not in nodes:
                    nodes[pk] = Node(level, until is not None, split)
                    found.add(pk)
            frontier = found
        split_successors = successors_of([pk for pk, node in nodes.items() if node.split])
        return cls(units, nodes, dict(contributors), split_successors)

    def descendants(self, unit_id, _memo=None):
        """The unit and every unit rolling up to it (any depth)."""
        memo = self.__dict__.setdefault("_desc", {})
        if unit_id in memo:
            return memo[unit_id]
        seen, stack = {unit_id}, [unit_id]
        while stack:
            for child in self.contributors.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        memo[unit_id] = frozenset(seen)
        return memo[unit_id]

    def is_split_for(self, unit_id, target_id):
        """Whether `unit_id` went only in part into `target_id`: it was split and some of its
        successors lie outside what rolls up to the target (a commune split between two communes of
        one province is whole for the province, in part for each commune)."""
        node = self.nodes.get(unit_id)
        target = self.nodes.get(target_id)
        if node is None or not node.split or target is None or target.historic:
            return False
        return went_in_part(self.split_successors.get(unit_id, set()), self.descendants(target_id))

    def choose(self, target_id, reporting):
        """The reporting units whose figures make up the target's, none counted twice: the target's
        own figure when it has one; else, from the highest level down (current units before old ones
        at the same level), each reporter whose area overlaps none already chosen."""
        if target_id in reporting:
            return [target_id]
        inside = self.descendants(target_id)
        candidates = sorted((u for u in reporting if u in inside),
                            key=lambda u: (LEVEL_ORDER.get(self.nodes[u].level, 9), self.nodes[u].historic, u))
        chosen, covered = [], set()
        for unit_id in candidates:
            area = self.descendants(unit_id)
            if area & covered:
                continue
            chosen.append(unit_id)
            covered |= area
        return chosen

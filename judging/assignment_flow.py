"""The arithmetic of automatic assignment, without the database (judging.assignment uses it).

`balanced_pairs` solves a min-cost max-flow (OR-Tools): source -> nomination (capacity: the
judges it still needs) -> eligible judge (capacity 1) -> sink through unit arcs of convex
cost, the u-th new unit of a judge with `load` counted assignments costing 2*(load+u)+1.
So the flow covers as much as possible, then minimises the sum of squared loads, which
gives loads within one of each other whenever such a plan exists. A judge's `capacity`
(the most counted assignments it may have, `base` included) ends its unit arcs there.
A small deterministic cost per (nomination, judge) arc, dominated by the load costs,
spreads the judges so that they share nominations instead of forming blocks.

The mix (optional: judges' affiliation groups and regions, nominations' regions) adds
nodes between a nomination and its judges; every judge of a nomination sits under exactly
one of them, so no pair is counted twice:

    nomination -> "outside" node -> [group node ->] judges from another region
               -> [group node ->] the other judges ("inside", the nomination's own node)

The "outside" node exists for a nomination with a known region, without a counted judge
from another region yet and with an eligible judge from one; its first unit earns a
reward (cost -M), the others nothing (a nomination needing a single judge needs no node:
the reward is on its arcs from elsewhere). Within a side, the candidates of one affiliation
group (two or more of them, and a nomination needing two or more) pass through a group node
whose first unit is free and every further unit costs M; a group already on the nomination
among its counted judges costs M on each of its arcs instead. A judge with no region (or a
nomination with none) is never "outside". One affiliation spread over both sides is not
seen by the flow (each side has its own node): the plan's report counts what it made.

The costs are lexicographic, and provably so. Let J < JITTER be the largest pair arc
perturbation and D the demand (the judges missing in all). Between two maximal plans:
  * the perturbations differ by at most (JITTER - 1) * D < M = 2 * D * JITTER + 1;
  * the mix count X (extra judges of one affiliation minus nominations gaining a judge
    from elsewhere) differs by at most R = (nominations that can gain one) + min(D,
    penalised capacity), so the mix and the perturbations together differ by less than
    M * (R + 1) = scale;
  * the load cost is scale * (sum of squared loads - sum of squared bases), and two sums
    of squares of the same total differ by 0 or at least 2.
So the flow is maximal first (solve_max_flow_with_min_cost), then minimises the sum of
squared loads, then the mix count, then the perturbation (tests/judging/
test_assignment_mix.py checks this against a brute force on small instances). The mix
is the affiliations and the regions counted alike: one extra judge of an affiliation
weighs as much as one nomination without a judge from elsewhere. Without the mix R = 0 and the
network and costs are those of the plain plan. OR-Tools refuses costs whose magnitude
times the number of nodes overflows 64 bits: should a very large instance come near that,
the perturbations get fewer levels (down to none), never the mix or the loads.

`connect` then checks that the judges-nominations graph is connected (so that severity
can be compared across the whole panel) and repairs it by load-preserving swaps, trying
first the swaps that do not make the mix worse."""

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

JITTER = 64  # per-arc perturbations are in [0, JITTER)
SOURCE, SINK = 0, 1
COST_LIMIT = 2**62  # OR-Tools: largest |unit cost| * (nodes + 1) must stay below 2**63


def jitter(nomination_ids, judge_ids):
    """A fixed pseudo-random number in [0, JITTER) per (nomination, judge): splitmix64 of
    both ids, so the same input always gives the same plan."""
    with np.errstate(over="ignore"):
        x = nomination_ids.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        x ^= judge_ids.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return (x % np.uint64(JITTER)).astype(np.int64)


def _unit_arcs(base, degree, cap):
    """Per judge, one unit arc to the sink for each assignment it may still take under
    `cap` total (a number, or one per judge): (judge column, load before that unit)."""
    counts = np.clip(cap - base, 0, degree)
    columns = np.repeat(np.arange(len(base)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return columns, base[columns] + (np.arange(len(columns)) - starts)


class _Network:
    """The pair arcs (rows, cols) with their perturbations, and the mix's extra nodes and
    arcs (the module's docstring): `tails[i]` is the node pair arc i leaves from (its
    nomination, its "outside" node or a group node), `penalty[i]` its cost in units of M;
    extra arcs (`arcs`: tails, heads, capacities, costs in units of M) among nominations
    and the `extra` nodes numbered from 2 + nominations + judges; `spread` is R."""

    def __init__(self, rows, cols, costs, missing, judges):
        self.rows, self.cols, self.costs, self.missing = rows, cols, costs, missing
        self.demand = int(missing.sum())
        self.first = 2 + len(missing) + judges
        self.tails = 2 + rows
        self.penalty = np.zeros(len(rows), dtype=np.int64)
        self.arcs = [np.zeros(0, dtype=np.int64)] * 4
        self.extra, self.spread = 0, 0

    def _add(self, tails, heads, capacities, costs):
        keep = capacities > 0
        parts = (tails, heads, capacities, np.broadcast_to(costs, tails.shape))
        self.arcs = [
            np.concatenate([old, new[keep].astype(np.int64)]) for old, new in zip(self.arcs, parts, strict=True)
        ]

    def _nodes(self, count):
        made = self.first + self.extra + np.arange(count, dtype=np.int64)
        self.extra += count
        return made

    def prefer_outside(self, outside, satisfied):
        """outside[i]: pair arc i's judge is from another region than its nomination;
        satisfied[row]: the nomination already has a counted judge from elsewhere."""
        outside = outside & ~satisfied[self.rows]
        # A nomination needing one judge takes the reward on the arcs themselves.
        direct = outside & (self.missing[self.rows] == 1)
        self.penalty -= direct
        outside &= ~direct
        split = np.unique(self.rows[outside])
        node = np.full(len(self.missing), -1, dtype=np.int64)
        node[split] = self._nodes(len(split))
        self._add(2 + split, node[split], np.ones(len(split), dtype=np.int64), -1)
        self._add(2 + split, node[split], self.missing[split] - 1, 0)
        self.tails = np.where(outside, node[self.rows], self.tails)
        self.spread += len(split) + len(np.unique(self.rows[direct]))

    def prefer_distinct(self, group, present):
        """group[i]: pair arc i's judge's affiliation group (ints); present[i]: that group
        is already among the nomination's counted judges. A group node for each (side,
        group) with two candidates or more on a nomination needing two or more."""
        self.penalty += present
        candidate = np.flatnonzero(~present & (self.missing[self.rows] >= 2))
        stride = int(group.max()) + 1 if len(group) else 1
        keys = self.tails[candidate] * stride + group[candidate]
        unique, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
        shared = counts >= 2
        sides = unique[shared] // stride
        room = np.minimum(self.missing[self.rows[candidate[first[shared]]]], counts[shared])
        node = np.full(len(unique), -1, dtype=np.int64)
        node[shared] = self._nodes(len(sides))
        self._add(sides, node[shared], np.ones(len(sides), dtype=np.int64), 0)
        self._add(sides, node[shared], room - 1, 1)
        grouped = shared[inverse]
        self.tails[candidate[grouped]] = node[inverse[grouped]]
        self.spread += min(self.demand, int(present.sum()) + int((room - 1).sum()))

    def costs_for(self, top_load):
        """(pair arc costs, M, scale): the perturbations with as many levels as the cost
        limit allows at this size (JITTER unless the instance is huge)."""
        levels = JITTER
        while True:
            unit = 2 * self.demand * levels + 1 if levels > 1 else 1
            scale = unit * (self.spread + 1)
            if levels == 1 or scale * (2 * top_load + 1) * (self.first + self.extra + 1) < COST_LIMIT:
                return self.costs // (JITTER // levels) + unit * self.penalty, unit, scale
            levels //= 4


def _min_cost(network, base, degree, cap):
    n, rows, missing = len(network.missing), network.rows, network.missing
    unit_cols, unit_loads = _unit_arcs(base, degree, cap)
    top = int(unit_loads.max()) if len(unit_loads) else 0
    pair_costs, unit, scale = network.costs_for(top)
    extra_tails, extra_heads, extra_capacities, extra_costs = network.arcs
    wanted = np.flatnonzero(missing)
    tails = np.concatenate([np.full(len(wanted), SOURCE), network.tails, 2 + n + unit_cols, extra_tails])
    heads = np.concatenate([2 + wanted, 2 + n + network.cols, np.full(len(unit_cols), SINK), extra_heads])
    capacities = np.concatenate(
        [missing[wanted], np.ones(len(rows) + len(unit_cols), dtype=np.int64), extra_capacities]
    )
    unit_costs = np.concatenate(
        [np.zeros(len(wanted), dtype=np.int64), pair_costs, scale * (2 * unit_loads + 1), unit * extra_costs]
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64), unit_costs.astype(np.int64)
    )
    demand = int(missing.sum())
    solver.set_node_supply(SOURCE, demand)
    solver.set_node_supply(SINK, -demand)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - the network is always well formed
        raise RuntimeError(f"assignment flow not solved: {status}")
    pair_arcs = arcs[len(wanted) : len(wanted) + len(rows)]
    return solver.flows(pair_arcs), int(solver.maximum_flow())


def _max_flow(rows, cols, missing, room):
    n = len(missing)
    wanted = np.flatnonzero(missing)
    judges = np.flatnonzero(room)
    tails = np.concatenate([np.full(len(wanted), SOURCE), 2 + rows, 2 + n + judges])
    heads = np.concatenate([2 + wanted, 2 + n + cols, np.full(len(judges), SINK)])
    capacities = np.concatenate([missing[wanted], np.ones(len(rows), dtype=np.int64), room[judges]])
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64))
    solver.solve(SOURCE, SINK)
    return int(solver.optimal_flow())


def _codes(values, blank_unique=False):
    """Small ints for hashable values, in order of first appearance; a blank value (None
    or "") is -1, or with blank_unique a code of its own."""
    codes, out = {}, []
    for index, value in enumerate(values):
        if value is None or value == "":
            out.append(codes.setdefault(("blank", index), len(codes)) if blank_unique else -1)
        else:
            out.append(codes.setdefault(("value", value), len(codes)))
    return np.asarray(out, dtype=np.int64)


def balanced_pairs(
    nomination_ids,
    judge_ids,
    missing,
    allowed,
    base,
    *,
    capacity=None,
    groups=None,
    judge_regions=None,
    nomination_regions=None,
    fixed=(),
):
    """The (row, column) pairs of a maximal plan with the smallest sum of squared loads
    (then the best mix, then the smallest perturbation: the module's docstring).

    nomination_ids, judge_ids: the rows' and columns' ids; missing[row]: judges the
    nomination still needs; allowed[row, col]: the judge may take it; base[col]: the
    judge's counted assignments already made. Optional: capacity[col], the most counted
    assignments the judge may have, base included (None: no limit); groups[col], the
    judge's affiliation (any hashable; None or "": a group of its own); judge_regions[col]
    and nomination_regions[row] (None or "": unknown, never "outside"); fixed, the counted
    (row, col) pairs already made, for the mix (which groups and regions a nomination has)."""
    missing = np.asarray(missing, dtype=np.int64)
    base = np.asarray(base, dtype=np.int64)
    rows, cols = np.nonzero(allowed & (missing > 0)[:, None])  # row-major: deterministic
    if not len(rows):
        return rows, cols
    demand = int(missing.sum())
    unlimited = demand + int(base.max()) + 1
    limit = np.asarray(
        [unlimited if c is None else c for c in (capacity if capacity is not None else [None] * len(base))],
        dtype=np.int64,
    )
    network = _Network(
        rows, cols, jitter(np.asarray(nomination_ids)[rows], np.asarray(judge_ids)[cols]), missing, len(base)
    )
    fixed = np.asarray(fixed, dtype=np.int64).reshape(-1, 2)
    fixed_rows, fixed_cols = fixed[:, 0], fixed[:, 1]
    if judge_regions is not None and nomination_regions is not None:
        codes = _codes([*nomination_regions, *judge_regions])
        theirs, ours = codes[: len(missing)], codes[len(missing) :]

        def elsewhere(r, c):
            return (theirs[r] >= 0) & (ours[c] >= 0) & (theirs[r] != ours[c])

        if (theirs >= 0).any() and (ours >= 0).any():
            satisfied = np.zeros(len(missing), dtype=bool)
            satisfied[fixed_rows[elsewhere(fixed_rows, fixed_cols)]] = True
            network.prefer_outside(elsewhere(rows, cols), satisfied)
    if groups is not None:
        group = _codes(groups, blank_unique=True)
        # Nothing to prefer when every judge has an affiliation of their own (a judge is
        # never given a nomination twice).
        if np.bincount(group).max() > 1:
            stride = int(group.max()) + 1
            present = np.isin(rows * stride + group[cols], fixed_rows * stride + group[fixed_cols])
            network.prefer_distinct(group[cols], present)
    degree = np.bincount(cols, minlength=len(base)).astype(np.int64)
    # Loads above `cap` get no unit arcs. The smallest cap that still lets the flow be
    # maximal is the optimum's largest load; start at the even split and widen.
    even = -(-(demand + int(base.sum())) // len(base))
    ceiling = int(np.minimum(base + degree, np.maximum(limit, base)).max())
    slack, best = 0, None
    while True:
        top = min(even + slack, ceiling)
        cap = np.minimum(top, limit)
        flows, value = _min_cost(network, base, degree, cap)
        if value == demand or top == ceiling:
            break
        if best is None:
            best = _max_flow(rows, cols, missing, np.minimum(degree, np.maximum(limit - base, 0)))
        if value == best:
            break
        slack = 2 * slack + 1
    chosen = np.flatnonzero(flows)
    return rows[chosen], cols[chosen]


# Connectivity ---------------------------------------------------------------------------


def _components(edges):
    """Union-find over (nomination, judge) edges: {node: root}, nodes being ('n', id) and
    ('j', id)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n, j in edges:
        a, b = find(("n", n)), find(("j", j))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {node: find(node) for node in parent}


def count_components(edges):
    return len(set(_components(edges).values()))


def _joining_swap(pairs, fixed, current, count, ordered, can_take, budget, worse):
    """The first swap of new pairs i, k from two components that lowers the number of
    components, skipping those `worse` refuses: ((i, k) or None, budget left)."""
    for position, group in enumerate(ordered):
        for other in ordered[position + 1 :] + ordered[:position]:
            for i in group:
                a, x = pairs[i]
                for k in other:
                    budget -= 1
                    if budget < 0:
                        return None, budget
                    b, y = pairs[k]
                    if (b, x) in current or (a, y) in current or not (can_take(x, b) and can_take(y, a)):
                        continue
                    if worse is not None and worse(a, x, b, y):
                        continue
                    pairs[i], pairs[k] = (a, y), (b, x)
                    joins = count_components([*fixed, *pairs]) < count
                    pairs[i], pairs[k] = (a, x), (b, y)
                    if joins:
                        return (i, k), budget
    return None, budget


def connect(pairs, fixed, can_take, budget=2_000_000, deficit=None):
    """Swaps new pairs (a, x), (b, y) from two components into (a, y), (b, x) (loads stay
    as they are) until the graph of `fixed` + `pairs` is connected or no swap joins two
    components. can_take(judge, nomination): not conflicted, not on it already. `budget`
    bounds the candidate swaps examined. deficit(nomination, judges), if given, scores a
    nomination's mix (lower is better): swaps that keep the two nominations' total are
    tried first, within a quarter of the budget more, then any swap. Returns (pairs,
    number of components)."""
    pairs = list(pairs)
    current = set(pairs)
    on, worse, patience = {}, None, budget // 4
    if deficit is not None:
        for n, j in [*fixed, *pairs]:
            on.setdefault(n, set()).add(j)

        def worse(a, x, b, y):
            before = deficit(a, on[a]) + deficit(b, on[b])
            return deficit(a, (on[a] - {x}) | {y}) + deficit(b, (on[b] - {y}) | {x}) > before

    while True:
        roots = _components([*fixed, *pairs])
        groups = {}
        for index, (n, _j) in enumerate(pairs):
            groups.setdefault(roots[("n", n)], []).append(index)
        count = len(set(roots.values()))
        if count <= 1 or len(groups) == 0:
            return pairs, count
        ordered = sorted(groups.values(), key=lambda members: (len(members), members[0]))
        found = None
        if worse is not None and patience > 0:
            found, patience = _joining_swap(pairs, fixed, current, count, ordered, can_take, patience, worse)
        if found is None:
            found, budget = _joining_swap(pairs, fixed, current, count, ordered, can_take, budget, None)
        if found is None:
            return pairs, count
        i, k = found
        (a, x), (b, y) = pairs[i], pairs[k]
        pairs[i], pairs[k] = (a, y), (b, x)
        current -= {(a, x), (b, y)}
        current |= {(a, y), (b, x)}
        if on:
            on[a] = (on[a] - {x}) | {y}
            on[b] = (on[b] - {y}) | {x}

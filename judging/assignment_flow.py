"""The arithmetic of automatic assignment, without the database (judging.assignment uses it).

`balanced_pairs` solves a min-cost max-flow (OR-Tools): source -> nomination (capacity: the
judges it still needs) -> eligible judge (capacity 1) -> sink through unit arcs of convex
cost, the u-th new unit of a judge with `load` counted assignments costing 2*(load+u)+1.
So the flow covers as much as possible, then minimises the sum of squared loads, which
gives loads within one of each other whenever such a plan exists. A small deterministic
cost per (nomination, judge) arc, dominated by the load costs, spreads the judges so that
they share nominations instead of forming blocks.

`connect` then checks that the judges-nominations graph is connected (so that severity
can be compared across the whole panel) and repairs it by load-preserving swaps."""

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

JITTER = 64  # per-arc perturbations are in [0, JITTER)
SOURCE, SINK = 0, 1


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
    `cap` total: (judge column, load before that unit)."""
    counts = np.clip(cap - base, 0, degree)
    columns = np.repeat(np.arange(len(base)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return columns, base[columns] + (np.arange(len(columns)) - starts)


def _min_cost(rows, cols, costs, missing, base, degree, cap, scale):
    n = len(missing)
    unit_cols, unit_loads = _unit_arcs(base, degree, cap)
    wanted = np.flatnonzero(missing)
    tails = np.concatenate([np.full(len(wanted), SOURCE), 2 + rows, 2 + n + unit_cols])
    heads = np.concatenate([2 + wanted, 2 + n + cols, np.full(len(unit_cols), SINK)])
    capacities = np.concatenate([missing[wanted], np.ones(len(rows) + len(unit_cols), dtype=np.int64)])
    unit_costs = np.concatenate([np.zeros(len(wanted), dtype=np.int64), costs, scale * (2 * unit_loads + 1)])
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


def _max_flow(rows, cols, missing, degree):
    n = len(missing)
    wanted = np.flatnonzero(missing)
    judges = np.flatnonzero(degree)
    tails = np.concatenate([np.full(len(wanted), SOURCE), 2 + rows, 2 + n + judges])
    heads = np.concatenate([2 + wanted, 2 + n + cols, np.full(len(judges), SINK)])
    capacities = np.concatenate([missing[wanted], np.ones(len(rows), dtype=np.int64), degree[judges]])
    solver = max_flow.SimpleMaxFlow()
    solver.add_arcs_with_capacity(tails.astype(np.int32), heads.astype(np.int32), capacities.astype(np.int64))
    solver.solve(SOURCE, SINK)
    return int(solver.optimal_flow())


def balanced_pairs(nomination_ids, judge_ids, missing, allowed, base):
    """The (row, column) pairs of a maximal plan with the smallest sum of squared loads.

    nomination_ids, judge_ids: the rows' and columns' ids; missing[row]: judges the
    nomination still needs; allowed[row, col]: the judge may take it; base[col]: the
    judge's counted assignments already made."""
    missing = np.asarray(missing, dtype=np.int64)
    base = np.asarray(base, dtype=np.int64)
    rows, cols = np.nonzero(allowed & (missing > 0)[:, None])  # row-major: deterministic
    if not len(rows):
        return rows, cols
    costs = jitter(np.asarray(nomination_ids)[rows], np.asarray(judge_ids)[cols])
    demand = int(missing.sum())
    # Any two maximal plans differ in perturbation by less than one step of load cost.
    scale = 2 * demand * JITTER + 1
    degree = np.bincount(cols, minlength=len(base)).astype(np.int64)
    # Loads above `cap` get no unit arcs. The smallest cap that still lets the flow be
    # maximal is the optimum's largest load; start at the even split and widen.
    even = -(-(demand + int(base.sum())) // len(base))
    ceiling = int((base + degree).max())
    slack, best = 0, None
    while True:
        cap = min(even + slack, ceiling)
        flows, value = _min_cost(rows, cols, costs, missing, base, degree, cap, scale)
        if value == demand or cap == ceiling:
            break
        if best is None:
            best = _max_flow(rows, cols, missing, degree)
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


def connect(pairs, fixed, can_take, budget=2_000_000):
    """Swaps new pairs (a, x), (b, y) from two components into (a, y), (b, x) (loads stay
    as they are) until the graph of `fixed` + `pairs` is connected or no swap joins two
    components. can_take(judge, nomination): not conflicted, not on it already. `budget`
    bounds the candidate swaps examined. Returns (pairs, number of components)."""
    pairs = list(pairs)
    current = set(pairs)
    while True:
        roots = _components([*fixed, *pairs])
        groups = {}
        for index, (n, _j) in enumerate(pairs):
            groups.setdefault(roots[("n", n)], []).append(index)
        count = len(set(roots.values()))
        if count <= 1 or len(groups) == 0:
            return pairs, count
        ordered = sorted(groups.values(), key=lambda members: (len(members), members[0]))
        swapped = False
        for position, group in enumerate(ordered):
            for other in ordered[position + 1 :] + ordered[:position]:
                for i in group:
                    a, x = pairs[i]
                    for k in other:
                        budget -= 1
                        if budget < 0:
                            return pairs, count
                        b, y = pairs[k]
                        if (b, x) in current or (a, y) in current or not (can_take(x, b) and can_take(y, a)):
                            continue
                        pairs[i], pairs[k] = (a, y), (b, x)
                        if count_components([*fixed, *pairs]) < count:
                            current -= {(a, x), (b, y)}
                            current |= {(a, y), (b, x)}
                            swapped = True
                            break
                        pairs[i], pairs[k] = (a, x), (b, y)
                    if swapped:
                        break
                if swapped:
                    break
            if swapped:
                break
        if not swapped:
            return pairs, count

"""The numbers behind a panel's ranking, as pure functions (no database, no Django).

The judge-effect model. Each counted total is

    y_ij = m_i + s_j + noise

where m_i is nomination i's merit, s_j judge j's severity (negative: harsh; positive:
lenient), fitted by least squares over one panel (one round, one category), with
sum_j s_j = 0 so the merits stay on the 0-100 scale of the totals: m_i is what nomination i
would have scored from an average judge of the panel.

The design is never built. With A the nomination and B the judge indicator columns, the
merits are eliminated (m_i = mean over i's judges of y_ij - s_j) and the severities solve
the J x J reduced normal equations S s = r, where S = B'B - B'A (A'A)^-1 A'B (the Schur
complement) and r_j = sum over j's totals of (y_ij - mean of nomination i's totals). On a
connected panel S has rank J - 1 and its null space is the constant vector, so the
pseudo-inverse S^+ = (S + 11'/J)^-1 - 11'/J gives exactly the solution with
sum_j s_j = 0, and sigma^2 S^+ is the severities' covariance under that constraint. A merit's variance is
sigma^2 (1/n_i + v_i' S^+ v_i), v_i = (1/n_i) x the indicator of i's judges (the two terms
are uncorrelated because A'(I - P_A) = 0); sigma^2 = RSS / (n - N - J + 1).

Judges and nominations must be linked through shared nominations for their effects to be
told apart: when the bipartite graph has more than one component, the fit falls back to
raw means for the whole panel."""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np


@dataclass
class Fit:
    """merit, merit_se: per nomination index; severity, severity_se: per judge index.
    Standard errors are None where they cannot be estimated."""

    method: str  # "adjusted" or "raw"
    connected: bool
    components: int
    merit: list
    merit_se: list
    severity: list
    severity_se: list
    residual_sd: float | None


def components(nominations, judges, n_nominations, n_judges):
    """Number of connected components of the bipartite graph whose edges are the
    (nomination, judge) pairs; every node in range is assumed to have an edge."""
    parent = list(range(n_nominations + n_judges))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    count = n_nominations + n_judges
    for i, j in set(zip(nominations, judges, strict=True)):
        a, b = find(i), find(n_nominations + j)
        if a != b:
            parent[a] = b
            count -= 1
    return count


def _pairs(nominations, order, counts):
    """Every ordered pair (a, b) of observations of the same nomination, a and b as
    indices into the observations; nominations sorted by `order`."""
    sorted_nom = nominations[order]
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_obs = counts[sorted_nom]  # group size for each sorted observation
    a_sorted = np.repeat(np.arange(len(order)), per_obs)
    offsets = np.arange(len(a_sorted)) - np.repeat(np.cumsum(per_obs) - per_obs, per_obs)
    b_sorted = starts[sorted_nom[a_sorted]] + offsets
    return order[a_sorted], order[b_sorted]


def raw_fit(nominations, judges, values, n_nominations, n_judges, *, connected=False, parts=1):
    """Raw means: merit = mean of the nomination's totals, SE = sample sd / sqrt(n) (None
    for one total). A judge's 'severity' is, descriptively, the mean of (total - that
    nomination's mean) over the judge's totals, with no standard error."""
    nominations, judges = np.asarray(nominations), np.asarray(judges)
    y = np.asarray(values, dtype=float)
    n = np.bincount(nominations, minlength=n_nominations).astype(float)
    mean = np.bincount(nominations, weights=y, minlength=n_nominations) / n
    squares = np.bincount(nominations, weights=(y - mean[nominations]) ** 2, minlength=n_nominations)
    se = [float(np.sqrt(squares[i] / (n[i] - 1) / n[i])) if n[i] >= 2 else None for i in range(n_nominations)]
    c = np.bincount(judges, minlength=n_judges).astype(float)
    lean = np.bincount(judges, weights=y - mean[nominations], minlength=n_judges) / c
    return Fit(
        method="raw",
        connected=connected,
        components=parts,
        merit=[float(v) for v in mean],
        merit_se=se,
        severity=[float(v) for v in lean],
        severity_se=[None] * n_judges,
        residual_sd=None,
    )


def fit(nominations, judges, values, n_nominations, n_judges):
    """The judge-effect fit of one panel.

    nominations, judges: per observation, the nomination's index (0..N-1) and the judge's
    index (0..J-1); every index in range has at least one observation. values: the totals.
    Falls back to raw_fit when the judges and nominations are not connected."""
    parts = components(nominations, judges, n_nominations, n_judges)
    if parts > 1:
        return raw_fit(nominations, judges, values, n_nominations, n_judges, connected=False, parts=parts)
    nominations = np.asarray(nominations, dtype=np.int64)
    judges = np.asarray(judges, dtype=np.int64)
    y = np.asarray(values, dtype=float)
    n_obs = len(y)
    n = np.bincount(nominations, minlength=n_nominations).astype(float)
    c = np.bincount(judges, minlength=n_judges).astype(float)
    mean = np.bincount(nominations, weights=y, minlength=n_nominations) / n

    order = np.argsort(nominations, kind="stable")
    a, b = _pairs(nominations, order, np.bincount(nominations, minlength=n_nominations))
    weight = 1.0 / n[nominations[a]]
    cells = judges[a] * n_judges + judges[b]
    s_matrix = np.diag(c) - np.bincount(cells, weights=weight, minlength=n_judges * n_judges).reshape(
        n_judges, n_judges
    )
    r = np.bincount(judges, weights=y - mean[nominations], minlength=n_judges)
    # On a connected panel S's null space is exactly the constant vector, so S + 11'/J is
    # invertible and its inverse minus 11'/J is S^+. A plain pseudo-inverse would have to
    # guess which eigenvalue is zero from a rounding threshold, and with many nominations it
    # guesses wrong (an eigenvalue of 1e-12 survives and the standard errors explode).
    centre = np.full((n_judges, n_judges), 1.0 / n_judges)
    s_plus = np.linalg.inv(s_matrix + centre) - centre
    severity = s_plus @ r
    severity -= severity.mean()  # exact in theory; removes rounding drift
    merit = np.bincount(nominations, weights=y - severity[judges], minlength=n_nominations) / n

    residuals = y - merit[nominations] - severity[judges]
    df = n_obs - n_nominations - n_judges + 1
    sigma2 = float(residuals @ residuals) / df if df > 0 else None
    if sigma2 is None:
        merit_se = [None] * n_nominations
        severity_se = [None] * n_judges
    else:
        # v_i' S^+ v_i = sum over pairs of i's judges of S^+[j, k] / n_i^2.
        quad = np.bincount(nominations[a], weights=s_plus[judges[a], judges[b]], minlength=n_nominations) / n**2
        merit_se = [float(v) for v in np.sqrt(np.maximum(sigma2 * (1.0 / n + quad), 0.0))]
        severity_se = [float(v) for v in np.sqrt(np.maximum(sigma2 * np.diag(s_plus), 0.0))]
    return Fit(
        method="adjusted",
        connected=True,
        components=1,
        merit=[float(v) for v in merit],
        merit_se=merit_se,
        severity=[float(v) for v in severity],
        severity_se=severity_se,
        residual_sd=None if sigma2 is None else float(np.sqrt(sigma2)),
    )


def icc1(groups):
    """ICC(1) of groups of ratings of unequal size (one-way random effects), exactly, as a
    Fraction; None when it cannot be computed. Ratings must be exact numbers (int or
    Fraction): the statistic is affine-invariant, so integer multiples of a common unit
    give the same value as the totals themselves."""
    groups = [g for g in groups if len(g) >= 1]
    k = len(groups)
    n = sum(len(g) for g in groups)
    if k < 2 or n - k < 1:
        return None
    grand = sum(sum(g) for g in groups)
    by_size = {}  # group size -> sum of the squared group sums (exact, few divisions)
    for g in groups:
        by_size[len(g)] = by_size.get(len(g), 0) + sum(g) ** 2
    between = sum(Fraction(total, size) for size, total in by_size.items())
    squares = sum(x * x for g in groups for x in g)
    ssb = between - Fraction(grand) ** 2 / n
    ssw = squares - between
    msb, msw = ssb / (k - 1), ssw / (n - k)
    k0 = (n - Fraction(sum(len(g) ** 2 for g in groups), n)) / (k - 1)
    denominator = msb + (k0 - 1) * msw
    return None if denominator == 0 else (msb - msw) / denominator


def round_half_up(value, places):
    """A Fraction rounded to `places` decimals, half away from zero, as (integer, places):
    Decimal(integer).scaleb(-places) is the exact result."""
    scaled = Fraction(value) * 10**places
    sign = -1 if scaled < 0 else 1
    q, r = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * r >= scaled.denominator:
        q += 1
    return sign * q


def tie_groups(scores, tolerance):
    """Groups of positions for scores already sorted best first: each next score joins the
    current group when the group's leader minus it is at most `tolerance`, otherwise it
    leads a new group. Scores and tolerance must be exact (Decimal or Fraction)."""
    groups = []
    for position, score in enumerate(scores):
        if groups and scores[groups[-1][0]] - score <= tolerance:
            groups[-1].append(position)
        else:
            groups.append([position])
    return groups

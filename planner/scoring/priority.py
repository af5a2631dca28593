"""Priority: the user's weighting of the three normalised components, and tiers A-D.

Normalisation is the rank percentile (0 = lowest account, 1 = highest, ties share
their average rank): dollar potentials are heavy-tailed, and min-max scaling would
let one giant account squeeze everybody else towards zero. Percentiles are computed
once when the model scores the accounts; re-weighting is then a weighted sum, a
quantile cut and (for "top N") an argpartition over numpy arrays, instant even on
millions of rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.errors import InputError
from planner.schema import TIERS, Account, Score

COMPONENTS = ("potential", "fit", "market")
COMPONENT_COLUMNS = {"potential": Score.POTENTIAL_PCT, "fit": Score.FIT_PCT, "market": Score.MARKET_PCT}
# Quantile tiers: the top 10% are A, the next 20% B, the next 30% C, the rest D.
DEFAULT_TIER_SHARES = (0.10, 0.20, 0.30, 0.40)


def percentile_rank(values: np.ndarray) -> np.ndarray:
    """Rank percentile in [0, 1], ties averaged; missing values rank lowest (0)."""
    values = np.asarray(values, dtype=float)
    out = np.zeros(len(values))
    finite = np.isfinite(values)
    n = int(finite.sum())
    if n == 1:
        out[finite] = 0.5
    elif n > 1:
        from scipy.stats import rankdata  # here: parsing weights must not load SciPy (see planner.scoring)

        out[finite] = (rankdata(values[finite], method="average") - 1.0) / (n - 1.0)
    return out


@dataclass(frozen=True)
class Weights:
    """How much each component counts in the priority score (any non-negative numbers, normalised)."""

    potential: float = 0.4
    fit: float = 0.4
    market: float = 0.2

    def __post_init__(self) -> None:
        values = self.as_array(normalise=False)
        if not np.all(np.isfinite(values)) or (values < 0).any():
            raise InputError(f"weights must be non-negative numbers; got {self}")
        if values.sum() <= 0:
            raise InputError(
                "at least one weight must be above zero", hint="e.g. potential=0.4,fit=0.4,market=0.2"
            )

    @classmethod
    def parse(cls, text: str) -> Weights:
        """Read ``potential=0.4,fit=0.4,market=0.2``; components left out weigh 0."""
        hint = "Write e.g. --weights potential=0.4,fit=0.4,market=0.2 (names: potential, fit, market)."
        values = dict.fromkeys(COMPONENTS, 0.0)
        parts = [p for p in re.split(r"[,;]", text or "") if p.strip()]
        if not parts:
            raise InputError("no weights given", column="weights", hint=hint)
        for part in parts:
            name, sep, number = part.partition("=")
            name = name.strip().lower()
            if not sep or name not in values:
                raise InputError(f"cannot read weight '{part.strip()}'", column="weights", hint=hint)
            try:
                values[name] = float(number)
            except ValueError:
                raise InputError(f"weight '{name}' is not a number: '{number.strip()}'", hint=hint) from None
        return cls(**values)

    def as_array(self, *, normalise: bool = True) -> np.ndarray:
        values = np.array([self.potential, self.fit, self.market], dtype=float)
        return values / values.sum() if normalise else values

    def __str__(self) -> str:
        return ",".join(f"{name}={getattr(self, name):g}" for name in COMPONENTS)

    def describe(self) -> str:
        """The shares the weights become, as the app and the CLI say them: sliders at 1, 1 and 0.5
        weigh 40% potential, 40% fit, 20% market, whatever scale the user typed them on."""
        shares = zip(COMPONENTS, self.as_array(), strict=True)
        return ", ".join(f"{share:.0%} {name}" for name, share in shares if share)


@dataclass(frozen=True)
class TierRule:
    """Tiers by quantile of priority, or by rep capacity: each rep's top N are A, the next N B..."""

    kind: str = "quantile"
    per_rep: int = 0
    shares: tuple[float, ...] = DEFAULT_TIER_SHARES

    @classmethod
    def parse(cls, text: str) -> TierRule:
        """Read ``quantile`` or ``top:N`` (N accounts per rep per tier)."""
        value = (text or "").strip().lower()
        if value == "quantile":
            return cls()
        match = re.fullmatch(r"top:(\d+)", value)
        if match and int(match.group(1)) > 0:
            return cls(kind="top", per_rep=int(match.group(1)))
        raise InputError(
            f"unknown tier rule '{text}'",
            column="tiers",
            hint="Use 'quantile' (A = top 10%, B next 20%, C next 30%, D the rest) or 'top:N' "
            "(each rep's N best accounts are A, the next N B, the next N C).",
        )

    def __str__(self) -> str:
        return "quantile" if self.kind == "quantile" else f"top:{self.per_rep}"


def priority_score(components: pd.DataFrame, weights: Weights) -> np.ndarray:
    """Weighted sum of the normalised components on a 0-100 scale."""
    w = weights.as_array()
    total = np.zeros(len(components))
    for weight, name in zip(w, COMPONENTS, strict=True):
        if weight:
            total += weight * components[COMPONENT_COLUMNS[name]].to_numpy(dtype=float)
    return 100.0 * total


def quantile_tiers(priority: np.ndarray, shares: tuple[float, ...] = DEFAULT_TIER_SHARES) -> np.ndarray:
    """Tier code (0 = A ... 3 = D) by the priority's quantiles; O(n) via np.quantile's partition."""
    cumulative = 1.0 - np.cumsum(shares)[:-1]
    cuts = np.quantile(priority, cumulative) if len(priority) else np.zeros(len(cumulative))
    # cuts descend (A's threshold first); an account at least at a cut gets that tier.
    return np.searchsorted(-cuts, -priority, side="left").astype(np.int8)


def per_rep_tiers(priority: np.ndarray, owners: pd.Series, per_rep: int) -> np.ndarray:
    """Tier code by rank within each owner's book: ranks 1..N -> A, N+1..2N -> B, 2N+1..3N -> C."""
    owner_codes, _ = pd.factorize(owners.fillna("(unassigned)"), sort=False)
    order = np.lexsort((-priority, owner_codes))
    sorted_owner = owner_codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_owner[1:] != sorted_owner[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank_in_group = np.empty(len(order), dtype=np.int64)
    rank_in_group[order] = np.arange(len(order)) - group_start
    return np.minimum(rank_in_group // per_rep, len(TIERS) - 1).astype(np.int8)


def assign_tiers(priority: np.ndarray, rule: TierRule, owners: pd.Series | None = None) -> pd.Categorical:
    """Tiers A-D for every account under the rule."""
    if rule.kind == "top":
        if owners is None:
            raise InputError("tiers 'top:N' need an account owner column", column=Account.OWNER)
        codes = per_rep_tiers(priority, owners, rule.per_rep)
    else:
        codes = quantile_tiers(priority, rule.shares)
    return pd.Categorical.from_codes(codes, categories=list(TIERS))


def rank(components: pd.DataFrame, weights: Weights, tiers: TierRule | None = None) -> pd.DataFrame:
    """The components with ``priority`` (0-100) and ``tier`` added, in the accounts' own order."""
    rule = tiers or TierRule()
    priority = priority_score(components, weights)
    owners = components[Account.OWNER] if Account.OWNER in components.columns else None
    tier = assign_tiers(priority, rule, owners)
    return components.assign(**{Score.PRIORITY: priority, Score.TIER: tier})


def top_n(priority: np.ndarray, n: int) -> np.ndarray:
    """Positions of the n highest priorities, best first, without sorting everything (argpartition)."""
    n = min(n, len(priority))
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    head = np.argpartition(-priority, n - 1)[:n]
    return head[np.argsort(-priority[head], kind="stable")]

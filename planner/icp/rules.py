"""A shallow decision tree on won/lost, read out as rules a manager can check.

It reads the buyer's attributes (industry, region, size, product, revenue), not
the amount or cycle of the deal: those describe how a deal went (lost deals drag
on), and a rule "short deals win" tells a manager nothing about whom to target.

The clusters answer "what kinds of deals are there and how do we do in each";
the tree answers "which attributes change the odds" directly. When both point
at the same kind of deal, the best profile is not an artefact of the clustering.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier

from planner.formatting import percent
from planner.icp.features import AttributeSet, categorical_values
from planner.icp.wording import attribute_label, number
from planner.schema import UNKNOWN

# A rule must rest on at least this many deals (or this share of them) to be shown.
MIN_LEAF_DEALS = 20
MIN_LEAF_SHARE = 0.02


@dataclass(frozen=True)
class Rule:
    """One leaf of the tree: the conditions on the path and what happens to deals there."""

    conditions: tuple[str, ...]
    text: str
    deals: int
    win_rate: float
    lift: float
    share_in_best_cluster: float


@dataclass(frozen=True)
class RuleSummary:
    """The tree's rules (best first), the attributes it used, and whether it agrees with the best profile."""

    rules: tuple[Rule, ...]
    importance: dict[str, float]
    agrees_with_best: bool
    agreement: str


class _Encoded:
    """Tree input: one 0/1 column per category value, numerics raw (missing stays NaN)."""

    def __init__(self, frame: pd.DataFrame, attributes: AttributeSet):
        columns: list[np.ndarray] = []
        self.meaning: list[tuple[str, str | None]] = []  # (attribute, value or None for numeric)
        for column in attributes.categorical:
            values = categorical_values(frame, column)
            for value in sorted(values.unique()):
                columns.append((values == value).to_numpy(float))
                self.meaning.append((column, str(value)))
        self.with_missing: set[str] = set()
        for column in attributes.numeric:
            values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)
            if np.isnan(values).any():
                self.with_missing.add(column)
            columns.append(values)
            self.meaning.append((column, None))
        self.matrix = np.column_stack(columns) if columns else np.zeros((len(frame), 0))


class WinRules:
    """Shallow ``DecisionTreeClassifier`` on won/lost over the clustering attributes.

    Parameters: ``max_depth`` (3 keeps rules readable), ``random_state``.
    Learned: ``tree_model_``, ``summary_`` (a :class:`RuleSummary`).
    """

    def __init__(self, max_depth: int = 3, random_state: int = 0):
        self.max_depth = max_depth
        self.random_state = random_state

    def fit(
        self,
        frame: pd.DataFrame,
        won: np.ndarray,
        attributes: AttributeSet,
        in_best: np.ndarray,
        best_signature: frozenset[tuple[str, str]],
    ) -> WinRules:
        encoded = _Encoded(frame, attributes)
        min_leaf = max(MIN_LEAF_DEALS, int(MIN_LEAF_SHARE * len(frame)))
        model = DecisionTreeClassifier(
            max_depth=self.max_depth, min_samples_leaf=min_leaf, random_state=self.random_state
        )
        model.fit(encoded.matrix, won.astype(int))
        self.tree_model_ = model
        leaves = model.apply(encoded.matrix)
        overall = float(won.mean())
        paths = _paths(model, encoded)
        rules = []
        for leaf in np.unique(leaves):
            members = leaves == leaf
            rate = float(won[members].mean())
            conditions = paths[leaf]
            rules.append(
                Rule(
                    conditions=conditions,
                    text=f"IF {' AND '.join(conditions) or 'any deal'} THEN wins {percent(rate)} "
                    f"of {int(members.sum()):,} deals",
                    deals=int(members.sum()),
                    win_rate=rate,
                    lift=rate / overall if overall else float("nan"),
                    share_in_best_cluster=float(in_best[members].mean()),
                )
            )
        rules.sort(key=lambda r: (-r.win_rate, -r.deals))
        importance: dict[str, float] = {}
        for (column, _), weight in zip(encoded.meaning, model.feature_importances_, strict=True):
            importance[column] = importance.get(column, 0.0) + float(weight)
        top = rules[0]
        top_values = {c for c in top.conditions if " is " in c and " is not " not in c}
        best_values = {f"{attribute_label(a)} is {v}" for a, v in best_signature}
        overlap = top_values & best_values
        agrees = top.share_in_best_cluster >= 0.5 or bool(overlap)
        self.summary_ = RuleSummary(
            rules=tuple(rules),
            importance=dict(sorted(importance.items(), key=lambda kv: -kv[1])),
            agrees_with_best=agrees,
            agreement=(
                f"The rule with the highest win rate ({percent(top.win_rate)}) "
                f"{'agrees' if agrees else 'does not agree'} with the best profile: "
                f"{top.share_in_best_cluster:.0%} of its deals fall in that cluster"
                + (f"; shared conditions: {', '.join(sorted(overlap))}." if overlap else ".")
            ),
        )
        return self


def _paths(model: DecisionTreeClassifier, encoded: _Encoded) -> dict[int, tuple[str, ...]]:
    """Leaf id -> readable conditions on the way to it (merged per attribute)."""
    tree = model.tree_
    out: dict[int, tuple[str, ...]] = {}

    def walk(node: int, steps: list[tuple[int, bool, bool]]) -> None:
        if tree.children_left[node] == tree.children_right[node]:
            out[node] = _describe(steps, tree, encoded)
            return
        missing_left = bool(tree.missing_go_to_left[node])
        walk(tree.children_left[node], [*steps, (node, True, missing_left)])
        walk(tree.children_right[node], [*steps, (node, False, not missing_left)])

    walk(0, [])
    return out


def _describe(steps: list[tuple[int, bool, bool]], tree, encoded: _Encoded) -> tuple[str, ...]:
    """Merge the split decisions of one path into one condition per attribute."""
    meaning = encoded.meaning
    positive: dict[str, str] = {}
    negative: dict[str, list[str]] = {}
    bounds: dict[str, tuple[float | None, float | None, bool]] = {}  # column -> (low, high, missing allowed)
    for node, left, missing in steps:
        column, value = meaning[tree.feature[node]]
        threshold = float(tree.threshold[node])
        if value is not None:
            if left:
                negative.setdefault(column, []).append(value)
            else:
                positive[column] = value
            continue
        low, high, allowed = bounds.get(column, (None, None, True))
        if left:
            high = threshold if high is None else min(high, threshold)
        else:
            low = threshold if low is None else max(low, threshold)
        bounds[column] = (low, high, allowed and missing and column in encoded.with_missing)
    conditions = []
    for column, value in positive.items():
        conditions.append(f"{attribute_label(column)} is {value}")
    for column, values in negative.items():
        if column not in positive:
            conditions.append(f"{attribute_label(column)} is not {', '.join(values)}")
    for column, (low, high, allowed) in bounds.items():
        label = attribute_label(column)
        if low is not None and high is not None:
            text = f"{label} {number(column, low)}-{number(column, high)}"
        elif low is not None:
            text = f"{label} > {number(column, low)}"
        elif high is not None:
            text = f"{label} ≤ {number(column, high)}"
        else:
            continue
        conditions.append(text + (f" (or {UNKNOWN.lower()})" if allowed else ""))
    return tuple(conditions)

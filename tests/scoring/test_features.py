import numpy as np
import pandas as pd

from planner.schema import Account
from planner.scoring.features import ACCOUNT_FEATURES, OTHER, FeatureEncoder, format_amount


def _frame(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            Account.INDUSTRY: pd.Series(rng.choice(["Retail", "Energy"], n), dtype="string"),
            Account.REGION: pd.Series(["West"] * n, dtype="string"),
            Account.COUNTRY: pd.Series(["United States"] * n, dtype="string"),
            Account.EMPLOYEES: rng.integers(1, 10_000, n).astype(float),
            Account.REVENUE: rng.integers(1, 10_000, n).astype(float) * 1e4,
        }
    )


def test_unseen_category_is_other_and_missing_is_unknown():
    encoder = FeatureEncoder(ACCOUNT_FEATURES).fit(_frame())
    new = _frame(3).assign(
        **{Account.INDUSTRY: pd.Series(["Retail", "Mining", pd.NA], dtype="string")},
        **{Account.EMPLOYEES: [5.0, np.nan, 50_000.0]},
    )
    encoded = encoder.transform(new)
    levels = encoder.levels_[0]
    assert [levels[c] for c in encoded.codes[:, 0]] == ["Retail", OTHER, "Unknown"]
    employee_levels = encoder.levels_[3]
    assert employee_levels[encoded.codes[1, 3]] == "Unknown"
    assert employee_levels[encoded.codes[2, 3]].endswith("+")
    # A missing number adds no slope: its centred log is 0.
    assert encoded.logs[1, 0] == 0.0


def test_numeric_bands_are_ordered_with_readable_labels():
    encoder = FeatureEncoder(ACCOUNT_FEATURES, n_bins=4).fit(_frame())
    values = pd.DataFrame({Account.EMPLOYEES: [1.0, 100.0, 3_000.0, 9_999.0]})
    codes = encoder.transform(values.reindex(columns=ACCOUNT_FEATURES.columns).assign(**values)).codes[:, 3]
    assert list(codes) == sorted(codes)
    assert encoder.levels_[3][0].startswith("under ")


def test_design_has_one_hot_per_feature_plus_logs():
    frame = _frame()
    encoder = FeatureEncoder(ACCOUNT_FEATURES).fit(frame)
    design = encoder.design(encoder.transform(frame))
    assert design.shape == (len(frame), encoder.n_columns + len(ACCOUNT_FEATURES.numeric))
    assert np.allclose(design[:, : encoder.n_columns].sum(axis=1), len(ACCOUNT_FEATURES.columns))


def test_format_amount_reads_like_people_write():
    assert format_amount(48_200, money=True) == "$48k"
    assert format_amount(2_500_000, money=True) == "$2.5M"
    assert format_amount(1_200) == "1,200"
    assert format_amount(3_000, money=True) == "$3k"

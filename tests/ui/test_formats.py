import pandas as pd

from ui.formats import with_dashes


def test_empty_text_cells_get_a_dash_and_numbers_stay_numbers():
    frame = pd.DataFrame(
        {"stage": pd.array(["Proposal", None], dtype="string"), "gap": [3.0, None], "note": ["x", None]}
    )
    shown = with_dashes(frame)
    assert list(shown["stage"]) == ["Proposal", "—"]
    assert list(shown["note"]) == ["x", "—"]
    assert shown["gap"].isna().tolist() == [False, True]
    assert frame["stage"].isna().sum() == 1, "the input frame is left as it was"

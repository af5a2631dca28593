"""Remembered choices come back in the widgets that offer them, or fall back when they are gone."""

from ui.state import position


def test_a_remembered_choice_is_found_among_todays_options():
    assert position(["Ann", "Bo", "Cy"], "Cy") == 2


def test_a_choice_no_longer_offered_falls_back_to_the_first():
    assert position(["Ann", "Bo"], "Dee") == 0
    assert position([0, 2, 3], None) == 0

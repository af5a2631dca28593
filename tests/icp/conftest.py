"""Fixtures of the ideal-profile tests: results computed once per module, on data whose answer is known."""

from __future__ import annotations

import pytest

from planner.icp import IcpResult, profile_deals
from planner.icp.synthetic import PlantedSegment, planted_deals

PLANTED = PlantedSegment()


@pytest.fixture(scope="session")
def planted_frame():
    return planted_deals(6_000, seed=11)


@pytest.fixture(scope="session")
def planted_result(planted_frame) -> IcpResult:
    return profile_deals(planted_frame, seed=0)

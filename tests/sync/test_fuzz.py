"""A short fuzz run of the merge (the long run: `python -m bench.fuzz_sync --files 10000`)."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.fuzzing import Campaign, mutate

# Slow, and bounded: the examples are counted (max_examples below) and each test has the
# SLOW_TEST_BUDGET of tests/conftest.py.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    return Campaign(tmp_path_factory.mktemp("fuzz"))


def test_unmutated_payload_is_accepted(campaign):
    assert campaign.run(campaign.payload) == "applied"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_payloads_refused_cleanly_or_accepted_whole(campaign, seed):
    campaign.run(mutate(campaign.payload, random.Random(seed)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(over=st.fixed_dictionaries({}, optional={
    "sequence": st.one_of(st.integers(), st.text(max_size=3), st.none()),
    "record_counts": st.dictionaries(st.text(max_size=12), st.integers(min_value=-2, max_value=10**6), max_size=4),
    "commune_code": st.sampled_from(["03274", "03271", "99999", "", "03274 "]),
    "encrypted": st.one_of(st.booleans(), st.integers()),
    "format_version": st.integers(min_value=-1, max_value=3),
}))
def test_mutated_manifests(campaign, over):
    campaign.run(campaign.payload, over)


@pytest.mark.parametrize("seed", [
    11492338059747344139,  # an integer beyond SQLite's 64-bit range once crashed the apply step
])
def test_regressions_found_by_the_long_run(campaign, seed):
    assert campaign.run(mutate(campaign.payload, random.Random(seed))) == "refused"


def test_a_column_name_that_is_not_a_string_is_refused(campaign):
    payload = json.loads(json.dumps(campaign.payload))
    payload["tables"]["members"]["columns"][3] = ["a", "list"]  # once crashed the batch: unhashable
    assert campaign.run(payload) == "refused"


def test_manifest_that_disagrees_with_payload_is_refused(campaign):
    counts = {name: len(block["rows"]) for name, block in campaign.payload["tables"].items()}
    counts["audit_log"] = len(campaign.payload["audit"]["rows"])
    counts["households"] += 1
    assert campaign.run(campaign.payload, {"record_counts": counts}) == "refused"
    assert campaign.run(campaign.payload, {"commune_code": "03271"}) == "refused"  # the payload says 03274

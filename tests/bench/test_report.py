"""The bench table's growth exponent compares runs of one commit only."""

from __future__ import annotations

from bench import report


def _run(items: int, seconds: float, commit: str) -> report.Result:
    return {"corpus": {"items": items}, "import": {"s": seconds}, "commit": commit}


def test_the_exponent_is_taken_from_the_smallest_run_of_the_same_commit():
    runs = [_run(10_000, 10.0, "new"), _run(100_000, 100.0, "new"), _run(1_000_000, 2000.0, "old")]
    cells = report._exponents(runs)
    assert cells[0] == ""
    assert cells[1] == "1.00 from 10,000 ✓"
    assert cells[2] == "— (no smaller run of commit old)"


def test_a_larger_run_skips_a_smaller_one_of_another_commit():
    runs = [_run(10_000, 5.0, "old"), _run(100_000, 100.0, "new"), _run(1_000_000, 1000.0, "new")]
    assert report._exponents(runs)[2] == "1.00 from 100,000 ✓"

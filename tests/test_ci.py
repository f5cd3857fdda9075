"""CI is "set to a true value": true, 1 or yes in any case. CI=false or CI=0 is a developer's machine."""

from __future__ import annotations

import pytest

from conftest import on_ci


@pytest.mark.parametrize("value", ["true", "True", "TRUE", "1", "yes", "Yes", " true "])
def test_a_true_value_means_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert on_ci()


@pytest.mark.parametrize("value", ["false", "False", "0", "no", "", "off"])
def test_a_false_or_empty_value_is_not_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert not on_ci()


def test_no_ci_variable_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not on_ci()

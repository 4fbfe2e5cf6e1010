"""Reading what a command of the ``agreements`` command line answered, as its operator would."""

from __future__ import annotations


def ok(result) -> str:
    """The output of a command that succeeded."""
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def refused(result, *expected: str) -> str:
    """A clear message, a non-zero exit code, and no traceback."""
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    return result.output

import subprocess
import sys

import pytest

from timeline.cli import main

from .conftest import DATA


def test_validate_good_file_exits_0(capsys):
    assert main(["validate", str(DATA / "sample_events.csv")]) == 0
    assert capsys.readouterr().out == "12 rows: 12 valid, 0 rejected, 0 warnings\n"


def test_validate_bad_file_lists_every_problem_and_exits_1(capsys):
    assert main(["validate", str(DATA / "bad_events.csv")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "14 rows: 3 valid, 11 rejected, 1 warning"
    assert len(out) == 13
    assert out[0] == (
        f"error: {DATA / 'bad_events.csv'}, line 4, column 'date': '2024-13-02' "
        "is not a date. Use YYYY-MM-DD, e.g. 2024-06-09."
    )


@pytest.mark.parametrize("command", ["serve", "validate"])
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "example: timeline " + command in capsys.readouterr().out


def test_python_dash_m_runs_the_same_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(DATA / "bad_events.csv"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "14 rows: 3 valid, 11 rejected, 1 warning\n")

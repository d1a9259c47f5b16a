"""The command line with bad arguments: exit code 2 and a message, never a traceback."""

from __future__ import annotations

import pytest

from adamtheory.__main__ import main


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["verify", "--only", "no-such-claim"],
        ["verify", "--only"],
        ["verify", "--scale", "huge"],
        ["verify", "--scale"],
        ["verify", "--json", "--bogus-flag"],
        ["list", "extra"],
    ],
    ids=lambda argv: " ".join(argv) or "no command",
)
def test_bad_command_lines_exit_2_with_a_message(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, (argv, code)
    assert err.strip(), f"{argv}: exit 2 without a message"
    assert "Traceback" not in err

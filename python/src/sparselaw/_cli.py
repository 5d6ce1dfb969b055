"""Running the ``sparselaw`` executable and turning its refusals into exceptions.

Every number the package returns comes from the command line's ``--json`` output
(docs/json.md): the package writes inputs to temporary files, runs the executable, and reads
what it printed. A refusal of the executable (a non-zero exit status) becomes a
:class:`SparseLawError` carrying the ``sparselaw.error/1`` object the tool prints with ``--json``.
"""

from __future__ import annotations

import json
import numbers
import os
import shutil
import subprocess
from typing import Any, Iterable, Mapping, Optional, Sequence

#: How to get the executable, named in the error raised when it cannot be found.
INSTALL_HINT = (
    "install it from a checkout of the sparselaw repository with "
    "`make install PREFIX=$HOME/.local` (README, Install) and put PREFIX/bin on PATH, "
    "or set the SPARSELAW environment variable to the path of the binary "
    "(for example .build/debug/sparselaw after `swift build`)"
)


class SparseLawError(Exception):
    """A refusal of the ``sparselaw`` executable, or the executable missing.

    Attributes
    ----------
    code : str or None
        The stable code of the refusal (docs/errors.md, Codes), e.g. ``"data.missing-field"``;
        ``"python.executable-not-found"`` when the executable cannot be found,
        ``"python.unreadable-output"`` when what it printed is not its JSON (``$SPARSELAW`` names
        another program), ``"python.wrong-type"`` for an argument of a type the package cannot
        hand to the tool; ``None`` when the tool printed no ``sparselaw.error/1`` object (it was
        killed, or is older than this package).
    message : str
        The sentence of the tool's ``error:`` line.
    exit_status : int or None
        The tool's exit status: 64 usage, 65 data, 70 internal error, 73 an output file,
        74 standard output; ``None`` when the tool did not run.
    file : str or None
        The file at fault, as the tool named it; ``"DataFrame"`` when the runs or queries were
        given as a DataFrame.
    line, record : int or None
        Where in the file (the line of a CSV file, or the record of a JSON array).
    row_id : str or None
        Where in a pandas column-oriented JSON file (``DataFrame.to_json()``): the row id.
    byte_offset : int or None
        Where in a TensorBoard event file: the byte offset of the record.
    row : object or None
        For a DataFrame given as input, the index label of the row at fault.
    field : str or None
        The field or key at fault, as the message names it (``loss``, ``"loss"``,
        ``coefficients.beta``).
    """

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        exit_status: Optional[int] = None,
        file: Optional[str] = None,
        line: Optional[int] = None,
        record: Optional[int] = None,
        field: Optional[str] = None,
        row: Any = None,
        row_id: Optional[str] = None,
        byte_offset: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.exit_status = exit_status
        self.file = file
        self.line = line
        self.record = record
        self.field = field
        self.row = row
        self.row_id = row_id
        self.byte_offset = byte_offset

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]" if self.code else self.message

    def __repr__(self) -> str:
        return f"SparseLawError(code={self.code!r}, exit_status={self.exit_status!r}, message={self.message!r})"


def executable() -> str:
    """The ``sparselaw`` executable: ``$SPARSELAW`` when set, else the one on ``PATH``.

    Raises
    ------
    SparseLawError
        With code ``python.executable-not-found`` when neither names an executable file.
    """
    named = os.environ.get("SPARSELAW")
    if named:
        # Set from a notebook (os.environ), no shell has expanded a leading ~.
        found = shutil.which(os.path.expanduser(named))
        if found is None:
            raise SparseLawError(
                f"SPARSELAW is {named!r}, which is not an executable file: {INSTALL_HINT}",
                code="python.executable-not-found",
            )
        return found
    found = shutil.which("sparselaw")
    if found is None:
        raise SparseLawError(
            f"the sparselaw executable is not on PATH: {INSTALL_HINT}", code="python.executable-not-found"
        )
    return found


def refusal(done: "subprocess.CompletedProcess[str]") -> SparseLawError:
    """The exception for a run that ended with a non-zero status.

    With ``--json`` the tool prints a ``sparselaw.error/1`` object to standard output; without
    one (a signal ended it) the first line of standard error is the message.
    """
    try:
        record = json.loads(done.stdout)
    except ValueError:
        record = None
    if isinstance(record, dict) and record.get("schema") == "sparselaw.error/1":
        return SparseLawError(
            record.get("message", ""),
            code=record.get("code"),
            exit_status=record.get("exitStatus", done.returncode),
            file=record.get("file"),
            line=record.get("line"),
            record=record.get("record"),
            field=record.get("field"),
            row_id=record.get("rowId"),
            byte_offset=record.get("byteOffset"),
        )
    lines = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    message = lines[0][len("error: "):] if lines else (done.stderr.strip() or f"sparselaw ended with status {done.returncode}")
    return SparseLawError(message, exit_status=done.returncode)


def run(arguments: Sequence[str], *, parse: bool = True) -> Any:
    """Runs ``sparselaw ARGUMENTS --json`` and returns its parsed output.

    With ``parse=False`` the command runs without ``--json`` and its standard output is
    returned as text; a refusal then has no ``sparselaw.error/1`` object, and the exception's
    ``code`` is ``None``.
    """
    command = [executable(), *arguments, "--json"] if parse else [executable(), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        raise refusal(done)
    if not parse:
        return done.stdout
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise SparseLawError(
            f"{command[0]} printed no JSON for `{' '.join(arguments[:1])} --json` (is it the sparselaw "
            f"executable? it printed {done.stdout[:80]!r}): {INSTALL_HINT}",
            code="python.unreadable-output",
        ) from None


def number(value: Any) -> str:
    """A number as the command line reads it, exactly: integers as digits, floats by ``repr``
    (the shortest text that reads back as the same double). NaN and infinities go through as
    ``nan`` and ``inf``, for the tool to refuse naming the option (``usage.arguments``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise SparseLawError(f"expected a number, got {value!r}", code="python.wrong-type")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return repr(float(value))


def option_arguments(options: Mapping[str, Any]) -> list:
    """Keyword options as command-line options: ``max_sparsity=0.9`` is ``--max-sparsity 0.9``,
    ``True`` a flag, ``None`` and ``False`` nothing, a list or tuple one option per item, a mapping
    ``NAME=VALUE`` items (``fix={"bS": 0.722}`` is ``--fix bS=0.722``)."""
    arguments: list = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            arguments.append(flag)
            continue
        items: Iterable[Any]
        if isinstance(value, Mapping):
            items = [f"{name}={text(item)}" for name, item in value.items()]
        elif isinstance(value, (list, tuple)):
            items = value
        else:
            items = [value]
        for item in items:
            arguments += [flag, text(item)]
    return arguments


def text(value: Any) -> str:
    """An option's value: numbers exactly (see `number`), anything else as ``str``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(value)
    return str(value)

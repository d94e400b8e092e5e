"""The click that typer uses: recent typer releases vendor it as ``typer._click`` (with Exit and
Abort in ``typer.exceptions``); older ones depend on click itself. Which one matters: an
``Exit`` raised from the wrong one is not understood (another package may have installed
click beside a typer that does not use it)."""

try:  # pragma: no cover - depends on the installed typer
    from typer._click.core import Command, Context, Parameter
    from typer._click.exceptions import BadParameter, ClickException, NoArgsIsHelpError, UsageError
    from typer._click.formatting import HelpFormatter
    from typer._click.globals import get_current_context
    from typer._click.utils import echo
    from typer.exceptions import Abort, Exit
except ImportError:  # pragma: no cover
    from click import Command, Context, Parameter, echo, get_current_context  # type: ignore[assignment,no-redef]
    from click.exceptions import Abort, BadParameter, ClickException, Exit, NoArgsIsHelpError, UsageError  # type: ignore[assignment,no-redef,attr-defined]
    from click.formatting import HelpFormatter  # type: ignore[assignment,no-redef]

from typer.core import TyperGroup as Group

__all__ = [
    "Abort",
    "BadParameter",
    "ClickException",
    "Command",
    "Context",
    "Exit",
    "Group",
    "HelpFormatter",
    "NoArgsIsHelpError",
    "Parameter",
    "UsageError",
    "echo",
    "get_current_context",
]

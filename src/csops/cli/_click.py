"""click, wherever this typer keeps it: older typer releases depend on click; recent ones
vendor it as ``typer._click`` (with Exit and Abort in ``typer.exceptions``)."""
try:  # pragma: no cover - depends on the installed typer
    from click import Command, Context, echo
    from click.exceptions import Abort, ClickException, Exit
except ImportError:  # pragma: no cover
    from typer._click.core import Command, Context
    from typer._click.exceptions import ClickException
    from typer._click.utils import echo
    from typer.exceptions import Abort, Exit

from typer.core import TyperGroup as Group

__all__ = ["Abort", "ClickException", "Command", "Context", "Exit", "Group", "echo"]

"""The command line: one module per command group, mounted by app.py.

Modules here import only typer and the standard library at the top; everything
heavy loads inside the command that needs it.
"""

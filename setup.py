"""The build step pyproject.toml cannot say: the message catalogs (.po) are compiled to .mo with
Babel before the package is built (also for `pip install -e .`, whose build runs build_py)."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    def run(self) -> None:
        sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
        from csops.i18n.catalogs import compile_catalogs

        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildPyWithCatalogs})

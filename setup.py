"""The packaging step pyproject.toml cannot say: ship the fixtures inside the package.

`fixtures/` at the top of the repository stays their source; building the package copies it to
`emulator/fixtures/`, where an installed emulator finds it (core/fixtures.py)."""
from pathlib import Path
from shutil import copytree

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithFixtures(build_py):
    def run(self) -> None:
        super().run()
        copytree(ROOT / "fixtures", Path(self.build_lib) / "emulator" / "fixtures", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithFixtures})

"""Builds the gigasim extension with the project's own CMake (the C++ layers and python/), so pip
installs exactly what `make build` puts in build/python/. pyproject.toml holds the metadata."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version():
    """The version in CMakeLists.txt's project(): one place for it."""
    match = re.search(r"project\(gigasim VERSION (\S+)", (ROOT / "CMakeLists.txt").read_text())
    return match.group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(self.build_temp).resolve() / "cmake"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
                        "-DCMAKE_BUILD_TYPE=RelWithAsserts", "-DGIGASIM_TESTS=OFF",
                        f"-DPython_EXECUTABLE={sys.executable}"], check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "gigasim_python", "-j",
                        str(os.cpu_count() or 1)], check=True)
        built = next((build_dir / "python").glob("gigasim*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        shutil.copy2(build_dir / "python" / "gigasim.pyi", target.parent / "gigasim.pyi")


(ROOT / "out").mkdir(exist_ok=True)
setup(
    version=project_version(),
    ext_modules=[Extension("gigasim", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    # Not build/: that is the CMake preset's folder.
    options={"build": {"build_base": "out/pip"}, "egg_info": {"egg_base": "out"}},
)

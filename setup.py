"""Builds the extension doudi._doudi with the project's CMake build (see
pyproject.toml): configures the repository into the build directory,
builds the `doudi_python` target, and puts the extension and libdoudi
beside the package's .py files (the extension finds libdoudi through
$ORIGIN). The version is the CMake project's."""
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
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    return re.search(r"project\(doudi VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = Path(os.environ.get("DOUDI_PIP_BUILD_DIR", Path(self.build_temp).resolve() / "cmake"))
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        "-DBUILD_TESTING=OFF", f"-DPython3_EXECUTABLE={sys.executable}"], check=True)
        jobs = os.environ.get("DOUDI_PIP_JOBS", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "doudi_python", "-j", jobs], check=True)
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        built = next((build / "python" / "doudi").glob("_doudi*.so"))
        shutil.copyfile(built, target)
        library = (build / "libdoudi.so").resolve()  # libdoudi.so.X.Y.Z
        shutil.copyfile(library, target.parent / "libdoudi.so.0")


setup(version=project_version(), ext_modules=[Extension("doudi._doudi", sources=[])],
      cmdclass={"build_ext": CMakeBuild})

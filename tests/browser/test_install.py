"""The wheel, installed in a fresh virtual environment, serves the app from an empty folder.

Nothing is downloaded: the wheel is built with the running environment's setuptools (no build
isolation) and installed without its dependencies, which the fresh environment borrows from the
running one through a .pth file. Only the wheel's own files make up `timeline` there.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..test_serving import free_port
from .conftest import POINTS

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("pyproject.toml", "README.md", "timeline", "data", "assets")


def build_wheel(work: Path) -> Path:
    """Build the wheel from a copy of the checkout, so the build leaves nothing behind in it."""
    source = work / "source"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "drafts")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-w", str(work / "wheel"), str(source)],
        check=True,
        capture_output=True,
    )
    return next((work / "wheel").glob("*.whl"))


def fresh_venv(work: Path, wheel: Path) -> Path:
    """A new venv with the wheel installed; returns its bin folder."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
        + ["--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    borrowed = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    Path(purelib, "dependencies-from-test-env.pth").write_text("\n".join(borrowed) + "\n")
    return venv / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, base URL) of `timeline serve` run from the fresh venv in an empty folder."""
    work = tmp_path_factory.mktemp("install")
    started = time.monotonic()
    wheel = build_wheel(work)
    bin_folder = fresh_venv(work, wheel)
    empty = work / "empty"
    empty.mkdir()
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "TIMELINE"))}
    environment["XDG_CACHE_HOME"] = str(work / "cache")
    server = subprocess.Popen(
        [str(bin_folder / "timeline"), "serve", "--port", str(port)],
        cwd=empty,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"timeline serve stopped: {server.stdout.read().decode()}")
                time.sleep(0.1)
        print(f"wheel built, installed and serving in {time.monotonic() - started:.1f} s")
        yield wheel, url, bin_folder
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_wheel_carries_the_data_the_stories_the_assets_and_the_locales(installed):
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "timeline/data/events.csv",
        "timeline/data/defector_arrivals.csv",
        "timeline/data/stories/balloon-war-2024.yaml",
        "timeline/assets/style.css",
        "timeline/assets/fonts/Pretendard-Regular.subset.woff2",
        "timeline/assets/topojson/world_50m.json",
        "timeline/locales/ko.json",
        "timeline/importer/conversion.py",
    ):
        assert shipped in names


def test_the_installed_package_is_the_wheel_and_not_the_checkout(installed):
    _, _, bin_folder = installed
    where = subprocess.run(
        [str(bin_folder / "python"), "-c", "import timeline.config as c; print(c.DEFAULT_DATA)"],
        cwd=bin_folder.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where == str(
        next(bin_folder.parent.glob("lib/python*/site-packages")) / "timeline/data/events.csv"
    )


def test_a_wheel_install_serves_the_app_with_styles_and_the_chart(installed, page):
    _, url, _ = installed
    styles = []
    page.on("response", lambda r: styles.append(r.status) if "/assets/style.css" in r.url else None)
    page.goto(url)
    expect(page.locator(POINTS).first).to_be_attached(timeout=30000)
    assert page.locator(POINTS).count() > 100
    assert styles == [200]
    applied = page.evaluate(
        "[...document.styleSheets].some("
        "s => (s.href || '').includes('/assets/style.css') && s.cssRules.length > 0)"
    )
    assert applied

"""Browser tests: Debian's Chromium with the unpacked extension, the fixture
composers (built from the real editor libraries) served at the real sites'
URLs, and a real helper started here.

Tests that drive the browser get the `e2e` marker. Without Chromium,
Playwright or the built fixtures they skip, unless SARING_REQUIRE_E2E=1 (CI) —
then they fail. `scripts/setup-e2e` installs all three. Screenshots, the
helper's log and the measured figures go to tests/e2e/artifacts/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .composers import Tab

ROOT = Path(__file__).parents[2]
EXTENSION = ROOT / "extension"
FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")

SITE_URLS = {
    "x": "https://x.com",
    "facebook": "https://www.facebook.com",
    "instagram": "https://www.instagram.com",
}
SITE_BY_HOST = {urlparse(url).hostname: site for site, url in SITE_URLS.items()}


def require(ready: bool, reason: str) -> None:
    """Skips the test when tooling is missing, or fails it where browser tests are required."""
    if ready:
        return
    if os.environ.get("SARING_REQUIRE_E2E") == "1":
        pytest.fail(f"{reason} (SARING_REQUIRE_E2E=1); run scripts/setup-e2e")
    pytest.skip(f"{reason}; run scripts/setup-e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "playwright" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


FIGURES: list[str] = []


@pytest.fixture
def report_figure():  # type: ignore[no-untyped-def]
    """Records a measured figure: printed at the end of the run, kept in artifacts/figures.txt."""
    return FIGURES.append


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if FIGURES:
        terminalreporter.section("Saring extension: measured")
        for line in FIGURES:
            terminalreporter.write_line(line)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "figures.txt").write_text("\n".join(FIGURES) + "\n")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Helper:
    """The real helper, as `./scripts/run` starts it, on a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = False
        self.log = ARTIFACTS / "helper.log"

    def launch(self) -> None:
        command = [str(ROOT / ".venv/bin/python"), "-m", "helper", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--rules", "rules"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)
        self.ready = False

    def wait_until_ready(self) -> None:
        """Waits for GET /v1/health to answer; the helper needs a few seconds to start."""
        deadline = time.monotonic() + 60
        while not self.ready:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"helper exited with {self.process.returncode}; see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"helper did not answer /v1/health within 60 s; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/v1/health", timeout=1) as response:
                    self.ready = json.load(response)["status"] == "ok"
            except OSError:
                time.sleep(0.1)

    def start(self) -> None:
        self.launch()
        self.wait_until_ready()

    def ensure_running(self) -> None:
        """Restarts a helper that an earlier test stopped and failed to start again,
        on a fresh port so that this test does not depend on that failure."""
        if self.process and self.process.poll() is None:
            self.wait_until_ready()
            return
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def helper() -> Iterator[Helper]:
    ARTIFACTS.mkdir(exist_ok=True)
    running = Helper()
    running.launch()  # it starts while the browser does; open_site waits for it
    yield running
    running.stop()


class Browser:
    """Chromium with the extension loaded, and an extension page to drive its APIs from."""

    def __init__(self, context, extension_id: str) -> None:  # type: ignore[no-untyped-def]
        self.context = context
        self.extension_id = extension_id
        self.control = self.context.new_page()
        self.control.goto(self.extension_url("options/options.html"))
        # Right after the browser starts, chrome.storage.managed answers its first
        # read only once policies are loaded (~2 s here): wait for that once, here,
        # rather than in whichever test comes first.
        self.extension("() => chrome.runtime.sendMessage({type: 'health'})")

    def extension_url(self, path: str) -> str:
        return f"chrome-extension://{self.extension_id}/{path}"

    def extension(self, script: str, arg: object = None) -> object:
        """Runs `script` (a JS function of `arg`) in an extension page, with chrome.* at hand."""
        return self.control.evaluate(script, arg)

    def worker(self):  # type: ignore[no-untyped-def]
        """The running background worker (woken up first: the browser stops it when idle)."""
        self.extension("() => chrome.runtime.sendMessage({type: 'health'})")
        return self.context.service_workers[-1]

    def reset_settings(self, helper_url: str) -> None:
        self.extension(
            "url => chrome.storage.local.clear().then(() => chrome.storage.local.set({helperUrl: url}))",
            helper_url,
        )

    def badge_text(self, tab: Tab) -> str:
        return str(
            self.extension(
                """async url => {
                    const [tab] = await chrome.tabs.query({url});
                    return chrome.action.getBadgeText({tabId: tab.id});
                }""",
                tab.page.url,
            )
        )


def serve_fixture(route) -> None:  # type: ignore[no-untyped-def]
    """Answers a request to one of the real sites with the local fixture page."""
    url = urlparse(route.request.url)
    if url.path.startswith("/__fixture__/"):
        asset = FIXTURES / "dist" / url.path.removeprefix("/__fixture__/")
        route.fulfill(path=asset) if asset.is_file() else route.fulfill(status=404)
    elif route.request.resource_type == "document":
        site = SITE_BY_HOST[url.hostname]
        route.fulfill(path=FIXTURES / "src" / f"{site}.html", content_type="text/html")
    else:
        route.fulfill(status=204)  # favicon and the like


def launch_browser(playwright, profile: Path) -> Browser:  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, with the unpacked extension and the fixture sites."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            f"--disable-extensions-except={EXTENSION}",
            f"--load-extension={EXTENSION}",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
        # Chromium on Linux takes its UI language, and so the extension's, from LANGUAGE.
        env={**os.environ, "LANGUAGE": "id"},
        locale="id-ID",
        viewport={"width": 900, "height": 700},
    )
    context.set_default_timeout(10_000)
    for url in SITE_URLS.values():
        context.route(f"{url}/**", serve_fixture)
    worker = context.service_workers[0] if context.service_workers else None
    worker = worker or context.wait_for_event("serviceworker")
    return Browser(context, urlparse(worker.url).hostname)


@pytest.fixture(scope="session")
def playwright():  # type: ignore[no-untyped-def]
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed")
    require((FIXTURES / "dist" / "x.js").exists(), "the fixture pages are not built")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed in .venv")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright, helper: Helper, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    launched = launch_browser(playwright, tmp_path_factory.mktemp("profile"))
    yield launched
    launched.context.close()


@pytest.fixture
def own_browser(playwright, helper: Helper, tmp_path: Path) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    """A browser of the test's own, for a test that leaves it unusable for others."""
    launched = launch_browser(playwright, tmp_path / "profile")
    helper.ensure_running()
    launched.reset_settings(helper.url)
    yield launched
    launched.context.close()


@pytest.fixture
def fresh_extension(browser: Browser, helper: Helper) -> Browser:
    """The extension with default settings, pointed at a running helper."""
    helper.ensure_running()  # a test that stopped it may have failed before restarting it
    browser.reset_settings(helper.url)
    return browser


@pytest.fixture
def open_site(fresh_extension: Browser) -> Iterator:  # type: ignore[type-arg]
    """Opens fixture pages; fails the test if any of them logged an error."""
    browser = fresh_extension
    tabs: list[Tab] = []

    def open_page(site: str, path: str = "/home") -> Tab:
        tab = Tab(browser.context.new_page(), site)
        tab.page.goto(SITE_URLS[site] + path)
        tabs.append(tab)
        return tab

    yield open_page
    errors = [error for tab in tabs for error in tab.errors]
    for tab in tabs:
        tab.page.close()
    assert not errors, f"errors in the page: {errors}"

"""Checks of the extension's files that need no browser: permissions, locale
files, and Mozilla's linter (`web-ext lint`) for the shared manifest."""

import json
import re
import subprocess
import zipfile
from pathlib import Path

from .conftest import EXTENSION, FIXTURES, ROOT, require

MANIFEST = json.loads((EXTENSION / "manifest.json").read_text())
LOCALES = {
    locale: json.loads((EXTENSION / "_locales" / locale / "messages.json").read_text()) for locale in ("id", "en")
}
SITE_PATTERNS = {"https://x.com/*", "https://www.facebook.com/*", "https://www.instagram.com/*"}
HELPER_PATTERNS = {"http://127.0.0.1/*", "http://localhost/*"}


def test_permissions_are_minimal():
    assert MANIFEST["permissions"] == ["storage"]
    assert set(MANIFEST["host_permissions"]) == SITE_PATTERNS | HELPER_PATTERNS
    assert "optional_permissions" not in MANIFEST
    matched = {pattern for script in MANIFEST["content_scripts"] for pattern in script["matches"]}
    assert matched == SITE_PATTERNS


def test_content_scripts_exist_and_share_one_core():
    cores = [script["js"][:-1] for script in MANIFEST["content_scripts"]]
    assert all(core == cores[0] for core in cores)
    for script in MANIFEST["content_scripts"]:
        for path in script["js"] + script["css"]:
            assert (EXTENSION / path).is_file(), path


def test_locales_hold_the_same_messages_and_placeholders():
    indonesian, english = LOCALES["id"], LOCALES["en"]
    assert MANIFEST["default_locale"] == "id"
    assert indonesian.keys() == english.keys()
    for key, message in indonesian.items():
        assert message.get("placeholders", {}).keys() == english[key].get("placeholders", {}).keys(), key
        assert message["message"] != "" and english[key]["message"] != "", key


def test_every_message_the_code_uses_exists():
    used = set()
    for path in EXTENSION.rglob("*"):
        if path.suffix in {".js", ".html", ".json"} and "_locales" not in path.parts:
            text = path.read_text()
            used |= set(re.findall(r"getMessage\(\s*'(\w+)'", text))
            used |= set(re.findall(r"\bt\(\s*'(\w+)'", text))
            used |= set(re.findall(r"data-i18n=\"(\w+)\"", text))
            used |= set(re.findall(r"__MSG_(\w+)__", text))
    assert used, "no message found: the patterns above are out of date"
    assert used <= LOCALES["id"].keys(), used - LOCALES["id"].keys()


def test_web_ext_lint_finds_no_errors():
    web_ext = FIXTURES / "node_modules" / ".bin" / "web-ext"
    require(web_ext.exists(), "web-ext is not installed in tests/e2e/fixtures")
    result = subprocess.run(
        [str(web_ext), "lint", "--source-dir", str(EXTENSION.resolve()), "--output", "json", "--no-input"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    unexpected = [w for w in report["warnings"] if w["code"] != "BACKGROUND_SERVICE_WORKER_IGNORED"]
    assert unexpected == [], unexpected


def test_no_console_logging_of_drafts():
    """Post text must never reach a log: the extension logs only what went wrong."""
    calls = []
    for path in EXTENSION.rglob("*.js"):
        calls += [f"{path.name}: {line.strip()}" for line in path.read_text().splitlines() if "console." in line]
    assert calls == ["service-worker.js: console.warn('Saring:', error.message);"]


def test_extension_loads_without_a_build_step():
    assert not list(EXTENSION.rglob("package.json"))
    assert not any(Path(p).suffix in {".ts", ".jsx", ".mjs"} for p in EXTENSION.rglob("*"))


def test_store_packages_keep_only_their_own_background_key(tmp_path):
    subprocess.run([str(ROOT / "scripts" / "pack-extension"), str(tmp_path)], check=True, capture_output=True)
    version = MANIFEST["version"]
    sources = sorted(p.relative_to(EXTENSION).as_posix() for p in EXTENSION.rglob("*") if p.is_file())
    for browser, kept, dropped in [
        ("chrome", "service_worker", "scripts"),
        ("firefox", "scripts", "service_worker"),
    ]:
        with zipfile.ZipFile(tmp_path / f"saring-{version}-{browser}.zip") as package:
            assert sorted(package.namelist()) == sources
            manifest = json.loads(package.read("manifest.json"))
        assert kept in manifest["background"] and dropped not in manifest["background"]
        assert manifest["content_scripts"] == MANIFEST["content_scripts"]

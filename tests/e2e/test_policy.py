"""Settings an administrator sets (chrome.storage.managed, see
extension/managed-schema.json): the helper URL, the default strictness and a
floor the user cannot go below — applied by the worker, shown locked."""

import pytest

RESOLVE = """([user, policy]) => import('/shared/settings.js').then(settings =>
  settings.resolveSettings({disabledCategories: [], disabledSites: [], ...user}, policy))"""

# What the browser would read from an installed policy; the pages' own code reads it.
POLICY = {"helperUrl": "http://localhost:9999", "minimumStrictness": "standard"}
STUB_POLICY = f"chrome.storage.managed.get = async () => ({POLICY!r});"


@pytest.mark.parametrize(
    ("user", "policy", "strictness"),
    [
        ({}, {}, "standard"),
        ({"strictness": "relaxed"}, {}, "relaxed"),
        ({}, {"defaultStrictness": "strict"}, "strict"),
        ({"strictness": "relaxed"}, {"defaultStrictness": "strict"}, "relaxed"),
        ({"strictness": "relaxed"}, {"minimumStrictness": "standard"}, "standard"),
        ({"strictness": "strict"}, {"minimumStrictness": "standard"}, "strict"),
    ],
)
def test_strictness_respects_the_policy(browser, user, policy, strictness):
    assert browser.extension(RESOLVE, [user, policy])["strictness"] == strictness


def test_policy_helper_url_wins_and_only_local_addresses_count(browser):
    user = {"helperUrl": "http://127.0.0.1:8765"}
    locked = browser.extension(RESOLVE, [user, {"helperUrl": "http://localhost:9999/"}])
    assert (locked["helperUrl"], locked["helperUrlLocked"]) == ("http://localhost:9999", True)
    remote = browser.extension(RESOLVE, [user, {"helperUrl": "https://example.org"}])
    assert (remote["helperUrl"], remote["helperUrlLocked"]) == ("http://127.0.0.1:8765", False)


def test_popup_and_options_show_locked_settings_as_locked(fresh_extension):
    browser = fresh_extension
    browser.extension("() => chrome.storage.local.set({strictness: 'relaxed'})")
    popup = browser.context.new_page()
    popup.add_init_script(STUB_POLICY)
    popup.goto(browser.extension_url("popup/popup.html"))
    popup.locator("#strictness:enabled").wait_for()
    assert popup.get_by_role("radio", name="Longgar").is_disabled()
    assert popup.get_by_role("radio", name="Standar").is_checked()
    assert popup.locator("#strictness .locked").text_content() == "Diatur oleh administrator"
    popup.close()

    options = browser.context.new_page()
    options.add_init_script(STUB_POLICY)
    options.goto(browser.extension_url("options/options.html"))
    field = options.get_by_label("Alamat helper")
    options.locator("#helper-form .locked:visible").wait_for()
    assert field.is_disabled()
    assert field.input_value() == POLICY["helperUrl"]
    options.close()


def test_options_page_sets_the_helper_address(fresh_extension, helper):
    browser = fresh_extension
    options = browser.context.new_page()
    options.goto(browser.extension_url("options/options.html"))
    field = options.get_by_label("Alamat helper")
    options.locator("#helper-url:enabled").wait_for()
    assert field.input_value() == helper.url

    field.fill("https://example.org:8765")
    options.get_by_role("button", name="Simpan").click()
    options.get_by_text("Mohon gunakan alamat").wait_for()

    field.fill(f"http://localhost:{helper.port}/")
    options.get_by_role("button", name="Uji koneksi").click()
    options.get_by_text("Helper menjawab").wait_for()
    options.get_by_role("button", name="Simpan").click()
    options.get_by_text("Tersimpan.").wait_for()
    stored = browser.extension("() => chrome.storage.local.get('helperUrl')")
    assert stored == {"helperUrl": f"http://localhost:{helper.port}"}
    options.close()

"""Speed, measured in every run and printed at its end: last keystroke to
banner at the default debounce, and typing at the end of a 2,000-character post."""

import statistics

from .posts import CLEAN, HEALTH_HOAX, HOAX_FINDING, PROFANITY, PROFANITY_FINDING

LATENCY_BUDGET_MS = 350
LATENCY_RUNS = 7

# Resolves window.bannerLatency with the time from the last keydown to the
# first frame drawn after the banner's findings card appeared.
START_LATENCY_PROBE = """name => {
  const host = document.querySelector(`[data-fixture="${name}"] [data-saring="banner"]`);
  const card = host.shadowRoot.querySelector('.card');
  let lastKey = 0;
  const onKey = () => { lastKey = performance.now(); };
  document.addEventListener('keydown', onKey, true);
  window.bannerLatency = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (card.hidden) return;
      observer.disconnect();
      document.removeEventListener('keydown', onKey, true);
      requestAnimationFrame(() => resolve(performance.now() - lastKey));
    });
    observer.observe(card, {attributes: true, attributeFilter: ['hidden']});
  });
}"""

START_LONG_TASK_WATCH = """() => {
  window.longTasks = [];
  window.longFramesByExtension = [];
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) window.longTasks.push(task.duration);
  }).observe({type: 'longtask'});
  new PerformanceObserver(list => {
    for (const frame of list.getEntries()) {
      const ours = frame.scripts.filter(s => s.sourceURL.startsWith('chrome-extension://'));
      if (ours.length) window.longFramesByExtension.push(ours.map(s => [s.sourceURL, s.duration]));
    }
  }).observe({type: 'long-animation-frame'});
}"""

COUNT_CHECKS = """() => {
  self.checksAsked = 0;
  chrome.runtime.onConnect.addListener(port => {
    if (port.name === 'saring-check') self.checksAsked += 1;
  });
}"""


def test_last_keystroke_to_banner_within_budget(open_site, report_figure):
    composer = open_site("x").composer("home")
    latencies = []
    # The first run in a new tab is reported, not judged.
    for _ in range(1 + LATENCY_RUNS):
        composer.select_all_and_delete()
        composer.wait_for_findings()
        composer.page.evaluate(START_LATENCY_PROBE, composer.name)
        composer.type(PROFANITY)
        latencies.append(composer.page.evaluate("window.bannerLatency"))
        composer.wait_for_findings(PROFANITY_FINDING)

    first, latencies = latencies[0], latencies[1:]
    median = statistics.median(latencies)
    report_figure(
        f"last keystroke -> banner (X composer, {LATENCY_RUNS} runs): median {median:.0f} ms, "
        f"all {[round(x) for x in latencies]} ms (budget {LATENCY_BUDGET_MS} ms); "
        f"first run in this tab {first:.0f} ms"
    )
    assert median <= LATENCY_BUDGET_MS


def test_typing_at_the_end_of_a_long_post_stays_smooth(browser, open_site, report_figure):
    tab = open_site("x")
    composer = tab.composer("home")
    composer.editor.click()
    tab.page.keyboard.insert_text(f"{HEALTH_HOAX} " + f"{CLEAN} " * 45)
    composer.wait_for_findings(HOAX_FINDING)

    tail = " Mari jaga kesehatan bersama keluarga dan lingkungan kita ya teman-teman"
    worker = browser.worker()
    worker.evaluate(COUNT_CHECKS)
    tab.page.evaluate(START_LONG_TASK_WATCH)
    composer.page.keyboard.type(tail, delay=20)  # a fast typist: 50 characters a second
    tab.page.wait_for_timeout(600)  # the one check after the last keystroke
    composer.wait_for_findings(HOAX_FINDING)

    length = len("".join(composer.paragraphs()))
    checks = worker.evaluate("() => self.checksAsked")
    long_tasks = tab.page.evaluate("window.longTasks")
    ours = tab.page.evaluate("window.longFramesByExtension")
    report_figure(
        f"typing {len(tail)} keys at the end of a {length}-character post: {checks} check(s) asked, "
        f"{len(long_tasks)} long task(s) > 50 ms {long_tasks}, "
        f"{len(ours)} long animation frame(s) with extension scripts"
    )
    assert length >= 2000
    assert checks <= 2, "a check per keystroke instead of after the pause"
    assert long_tasks == []
    assert ours == []

'use strict';
// When to ask about a draft: once the writer pauses (debounce), never about a
// draft that has changed since (a check in flight is dropped), and only the
// answer to the latest question counts.

const CHECK_DELAY_MS = 250;

/**
 * `readText()` gives the current draft; `onAnswer(answer, text)` receives the
 * worker's answer about `text`, or {status: 'empty'} for an empty draft and
 * {status: 'extension-gone'} once the extension was reloaded or removed.
 */
function createCheckScheduler({ platform, readText, onAnswer }) {
  let timer = 0;
  let inFlight = null; // the port of the check awaiting its answer
  let answeredText = null;

  function dropPending() {
    clearTimeout(timer);
    if (inFlight) {
      inFlight.disconnect(); // the worker aborts the helper request
      inFlight = null;
    }
  }

  function ask(text) {
    let port;
    try {
      port = chrome.runtime.connect({ name: 'saring-check' });
    } catch {
      onAnswer({ status: 'extension-gone' });
      return;
    }
    inFlight = port;
    port.onMessage.addListener((answer) => {
      if (inFlight !== port) return;
      inFlight = null;
      port.disconnect();
      answeredText = text;
      onAnswer(answer, text);
    });
    port.onDisconnect.addListener(() => {
      void chrome.runtime.lastError; // read, so the browser does not report it as unchecked
      if (inFlight !== port) return;
      // The worker went away mid-check; the page treats it like an absent helper and retries.
      inFlight = null;
      onAnswer({ status: 'offline' });
    });
    port.postMessage({ text, platform });
  }

  function check(force) {
    const text = readText();
    if (!force && text === answeredText) return;
    if (!text.trim()) {
      answeredText = text;
      onAnswer({ status: 'empty' }, text);
      return;
    }
    ask(text);
  }

  return {
    /** The editor changed (maybe only its markup): check once the writer pauses. */
    textChanged() {
      dropPending();
      timer = setTimeout(check, CHECK_DELAY_MS, false);
    },
    /** Settings changed or the helper came back: check the same draft again, now. */
    checkNow() {
      dropPending();
      check(true);
    },
    stop: dropPending,
  };
}

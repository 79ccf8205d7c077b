// Settings every part of the extension agrees on. The user's choices live in
// chrome.storage.local — per machine, like the helper they point at. An
// administrator's policy (chrome.storage.managed, see managed-schema.json)
// overrides the helper URL and sets a floor under the strictness.

export const STRICTNESS_LEVELS = ['relaxed', 'standard', 'strict'];
const DEFAULT_HELPER_URL = 'http://127.0.0.1:8765';

const USER_DEFAULTS = {
  helperUrl: DEFAULT_HELPER_URL,
  strictness: null, // null until the user picks one: the policy's default applies
  disabledCategories: [],
  disabledSites: [],
};

/** The helper runs on this machine only: anything else is refused. */
export function normalizeHelperUrl(value) {
  if (typeof value !== 'string') return null;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return url.protocol === 'http:' && loopback ? url.origin : null;
}

function knownLevel(value) {
  return STRICTNESS_LEVELS.includes(value) ? value : null;
}

function atLeast(level, minimum) {
  return STRICTNESS_LEVELS.indexOf(level) < STRICTNESS_LEVELS.indexOf(minimum) ? minimum : level;
}

async function readPolicy() {
  try {
    return (await chrome.storage.managed.get(null)) ?? {};
  } catch {
    // Firefox rejects when no policy is installed for the extension.
    return {};
  }
}

export function resolveSettings(user, policy) {
  const policyUrl = normalizeHelperUrl(policy.helperUrl);
  const minimumStrictness = knownLevel(policy.minimumStrictness) ?? STRICTNESS_LEVELS[0];
  const chosen = knownLevel(user.strictness) ?? knownLevel(policy.defaultStrictness) ?? 'standard';
  return {
    helperUrl: policyUrl ?? normalizeHelperUrl(user.helperUrl) ?? DEFAULT_HELPER_URL,
    helperUrlLocked: policyUrl !== null,
    strictness: atLeast(chosen, minimumStrictness),
    minimumStrictness,
    disabledCategories: user.disabledCategories,
    disabledSites: user.disabledSites,
  };
}

export async function loadSettings() {
  const [user, policy] = await Promise.all([chrome.storage.local.get(USER_DEFAULTS), readPolicy()]);
  return resolveSettings(user, policy);
}

export function saveSettings(changes) {
  return chrome.storage.local.set(changes);
}

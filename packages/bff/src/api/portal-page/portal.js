// The App Portal page's script (served by page.ts, and run before the widget's so the token
// leaves the address bar before anything downloads). The session comes in the link's fragment,
// `#key=<base64url of {appId, token}>` as Svix's portal links carry it: it leaves the address bar
// at once (no history entry, bookmark or screenshot keeps it) and lives in memory. At top level
// it is also kept in sessionStorage, so that a reload keeps it; a framed page never touches
// storage: a browser that gives cross-site frames storage would otherwise hand the customer's
// remembered session to any site that frames the page without a key. An expired or revoked
// session shows "session ended" instead of errors, and is forgotten. No token is ever sent to the
// server with the page.
const STORAGE_KEY = 'patchbay-portal-session';
const picker = document.querySelector('connector-picker');
const ended = document.getElementById('ended');

const base64url = (text) => atob(text.replaceAll('-', '+').replaceAll('_', '/'));

/** The link's session, taken out of the address bar before anything else can read it. */
function fromLink() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key === null) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    const session = JSON.parse(base64url(key));
    return typeof session?.token === 'string' ? session : null;
  } catch {
    return null;
  }
}

const topLevel = window.top === window;

/** The session kept for a reload, or null where there is none, no storage, or a frame. */
function remembered() {
  if (!topLevel) return null;
  try {
    const session = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return typeof session?.token === 'string' ? session : null;
  } catch {
    return null;
  }
}

function remember(session) {
  if (!topLevel) return;
  try {
    if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage refused (a browser's privacy setting): the session stays in memory only.
  }
}

/** When the token expires (ms since the epoch); Infinity when it does not say: the BFF decides then. */
function expiry(token) {
  try {
    const { exp } = JSON.parse(base64url(token.split('.')[1] ?? ''));
    return typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function end() {
  remember(null);
  picker?.remove();
  if (ended) {
    ended.hidden = false;
    ended.focus();
  }
}

// Framed, the page says how tall it is, in Svix's message: svix-react's <AppPortal fullSize> grows
// its frame to fit (only a height is said, so any page framing it may hear it).
if (window.parent !== window) {
  new ResizeObserver(() => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    window.parent.postMessage({ type: 'svix.iframe-resizer-height', payload: { height } }, '*');
  }).observe(document.body);
}

const linked = fromLink();
if (linked) remember(linked);
const session = linked ?? remembered();
const expires = session ? expiry(session.token) : 0;
if (!session || expires <= Date.now()) end();
else if (picker) {
  // Before the element is defined, Lit keeps what is set and applies it when it upgrades.
  picker.token = session.token;
  // setTimeout takes at most 2^31 - 1 ms (24.8 days); a portal token lives 7 days at most.
  if (Number.isFinite(expires)) setTimeout(end, Math.min(expires - Date.now(), 2 ** 31 - 1));
  // Whichever call the BFF refused the session on (a load, Run test, an OAuth start…).
  picker.addEventListener('cp-session-ended', end);
  // Svix's deep link stays in step with what is shown, so a reload (or a copied address) opens it.
  picker.addEventListener('cp-navigate', (event) => {
    const url = new URL(location.href);
    if (event.detail.page) url.searchParams.set('next', `/${event.detail.page}`);
    else url.searchParams.delete('next');
    history.replaceState(history.state, '', url);
  });
}

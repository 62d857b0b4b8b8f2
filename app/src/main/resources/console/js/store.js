// What the console keeps in the browser: the token, in sessionStorage (for this tab only, gone when the tab
// closes, never in a URL), and where to return after logging in. A user's classes come from the server
// (`GET /classes`), so they are the same on every device.

const TOKEN = 'rollcall.token';
const RETURN_TO = 'rollcall.returnTo';

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (value) => sessionStorage.setItem(TOKEN, value),
  clear: () => sessionStorage.removeItem(TOKEN),
};

export const returnTo = {
  get: () => sessionStorage.getItem(RETURN_TO),
  set: (hash) => sessionStorage.setItem(RETURN_TO, hash),
  clear: () => sessionStorage.removeItem(RETURN_TO),
};

/** A class code as typed or pasted: the id itself, or a student link that ends with it. */
export function classIdFrom(text) {
  const match = String(text || '').trim().toLowerCase().match(/([0-9a-f]{24})\/?$/);
  return match ? match[1] : null;
}

// What the console keeps in the browser. The token lives in sessionStorage: for this tab only, gone when the tab
// closes, never in a URL. The list of classes a user has opened is kept per user in localStorage, because the
// public API has no route that lists a user's classes (see the README's "Web console").

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

function classesKey(userId) {
  return `rollcall.classes.${userId}`;
}

/** [{id, name}], most recently opened first. */
export function knownClasses(userId) {
  try {
    const list = JSON.parse(localStorage.getItem(classesKey(userId)) || '[]');
    return Array.isArray(list) ? list.filter((c) => c && typeof c.id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberClass(userId, id, name) {
  const list = knownClasses(userId).filter((c) => c.id !== id);
  list.unshift({id, name});
  save(userId, list);
}

export function forgetClass(userId, id) {
  save(userId, knownClasses(userId).filter((c) => c.id !== id));
}

function save(userId, list) {
  try {
    localStorage.setItem(classesKey(userId), JSON.stringify(list.slice(0, 100)));
  } catch {
    // storage full or disabled: the list is a convenience only
  }
}

/** A class code as typed or pasted: the id itself, or a student link that ends with it. */
export function classIdFrom(text) {
  const match = String(text || '').trim().toLowerCase().match(/([0-9a-f]{24})\/?$/);
  return match ? match[1] : null;
}

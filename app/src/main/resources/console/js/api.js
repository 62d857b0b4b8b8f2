// The public HTTP API: every answer is an envelope {success, data} or {success: false, error}.
import {token} from './store.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let onExpired = () => {};

/** Called when a request with a token is answered 401: the token expired or its user is gone. */
export function whenTokenRejected(callback) {
  onExpired = callback;
}

function headers(json) {
  const result = {Accept: 'application/json'};
  const current = token.get();
  if (current) result.Authorization = `Bearer ${current}`;
  if (json) result['Content-Type'] = 'application/json';
  return result;
}

async function send(method, path, body) {
  try {
    return await fetch(path, {
      method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check the connection and try again.');
  }
}

async function failure(response) {
  let message = `The server answered ${response.status}.`;
  try {
    const body = await response.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not an envelope
  }
  if (response.status === 401 && token.get()) onExpired();
  return new ApiError(response.status, message);
}

export async function api(method, path, body) {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response);
  const envelope = await response.json();
  return envelope.data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});

/** The caller's classes (taught or enrolled in), newest first: [{id, name}]. */
export async function myClasses() {
  return (await get('/classes')).map((c) => ({id: c._id, name: c.className}));
}

/** Fetches a file with the token in the header (a plain link could not carry it) and saves it. */
export async function download(path, filename) {
  const response = await send('GET', path);
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const enc = encodeURIComponent;

// The console's shell: who is logged in, the live socket, the connection indicator and a hash router
// (#/..., so the server serves one page and a reload keeps the screen).
import {get, post, whenTokenRejected, ApiError} from './api.js';
import {fill, h, field, toast} from './dom.js';
import {LiveSocket} from './live.js';
import {token, returnTo} from './store.js';
import * as teacher from './teacher.js';
import * as student from './student.js';

const main = document.getElementById('main');
const connection = document.getElementById('connection');
const userNav = document.getElementById('user-nav');

const app = {user: null, live: null};
let leaving = [];
let indicatorTimer;

// ---- the view context: what a screen may use, cleaned up when the user goes elsewhere
function context() {
  let alive = true;
  leaving.push(() => { alive = false; });
  return {
    app,
    get alive() {
      return alive;
    },
    /** Listens to a live-socket event while this screen is shown. */
    on(name, handler) {
      if (!alive) return;
      const listener = (event) => handler(event.detail);
      app.live.addEventListener(name, listener);
      leaving.push(() => app.live.removeEventListener(name, listener));
    },
    onLeave(callback) {
      leaving.push(callback);
    },
    /** Renders the screen's frame: a heading that takes the focus, and a body to fill. */
    screen(title, ...rest) {
      if (!alive) return h('div'); // the user went elsewhere while this screen was loading
      document.title = `${title} · Rollcall`;
      const heading = h('h1', {tabindex: '-1'}, title);
      const body = h('div', {class: 'screen-body'}, ...rest);
      fill(main, heading, body);
      heading.focus({preventScroll: false});
      return body;
    },
  };
}

function leave() {
  const callbacks = leaving;
  leaving = [];
  for (const callback of callbacks) {
    try {
      callback();
    } catch (e) {
      console.error(e);
    }
  }
}

// ---- routing
function currentPath() {
  const hash = location.hash || '#/';
  return hash.startsWith('#/') ? hash.slice(1) : '/';
}

async function route() {
  leave();
  const path = currentPath();
  const ctx = context();
  if (!app.user) {
    if (path === '/signup') return signupScreen(ctx);
    if (path !== '/login' && path !== '/') returnTo.set(`#${path}`);
    return loginScreen(ctx);
  }
  if (path === '/login' || path === '/signup') {
    location.replace('#/');
    return;
  }
  const views = app.user.role === 'teacher' ? teacher : student;
  try {
    await views.render(ctx, path.split('/').filter(Boolean));
  } catch (error) {
    showFailure(ctx, error);
  }
}

function showFailure(ctx, error) {
  const message = error instanceof ApiError ? error.message : 'Something went wrong.';
  if (error instanceof ApiError && error.status === 401) return; // logged out already
  if (!(error instanceof ApiError)) console.error(error);
  ctx.screen('Cannot show this page',
    h('p', {class: 'error', role: 'alert'}, message),
    h('p', {}, h('a', {href: '#/'}, 'Back to your classes')));
}

// ---- connection indicator: the state is announced once; the countdown beside it is for the eye only
let countdown = null;

function showConnection() {
  clearTimeout(indicatorTimer);
  const live = app.live;
  const state = live ? live.state : 'idle';
  if (connection.dataset.state !== state) {
    connection.dataset.state = state;
    connection.className = `connection connection-${state}`;
    countdown = null;
    const dot = h('span', {class: 'dot', 'aria-hidden': 'true'});
    if (state === 'live') fill(connection, dot, 'Live');
    else if (state === 'connecting') fill(connection, dot, 'Connecting…');
    else if (state === 'offline') {
      countdown = h('span', {'aria-hidden': 'true'});
      fill(connection, dot, 'Offline', countdown,
        h('button', {type: 'button', class: 'link-button', onclick: () => app.live?.connectNow()}, 'Retry now'));
    } else fill(connection);
  }
  if (state === 'offline' && countdown) {
    const seconds = Math.max(0, Math.ceil((live.retryAt - Date.now()) / 1000));
    countdown.textContent = `, retrying in ${seconds} s`;
    indicatorTimer = setTimeout(showConnection, 1000);
  }
}

// ---- log in, sign up, log out
function showUserNav() {
  if (!app.user) {
    fill(userNav);
    return;
  }
  fill(userNav,
    h('span', {class: 'who'}, app.user.name, ' ', h('span', {class: 'role'}, app.user.role)),
    h('button', {type: 'button', class: 'secondary small', id: 'logout', onclick: logout}, 'Log out'));
}

async function begin(newToken) {
  token.set(newToken);
  app.user = await get('/auth/me');
  app.live = new LiveSocket(newToken);
  app.live.addEventListener('state', showConnection);
  app.live.addEventListener('unauthorized', () => expired());
  app.live.start();
  showUserNav();
}

function logout() {
  leave();
  if (app.live) app.live.stop();
  app.live = null;
  app.user = null;
  token.clear();
  returnTo.clear();
  showConnection();
  showUserNav();
  if (location.hash === '#/login') route();
  else location.hash = '#/login';
}

function expired() {
  if (!app.user) return;
  logout();
  toast('Your session has ended. Please log in again.', 'error');
}

function afterLogin() {
  const target = returnTo.get();
  returnTo.clear();
  const next = target || '#/';
  if (location.hash === next) route();
  else location.hash = next;
}

function formError(form) {
  let box = form.querySelector('.form-error');
  if (!box) {
    box = h('p', {class: 'form-error error', role: 'alert'});
    form.prepend(box);
  }
  return box;
}

async function logIn(email, password) {
  const {token: newToken} = await post('/auth/login', {email, password});
  await begin(newToken);
  afterLogin();
}

/** Runs `action` on submit with the button disabled; its error, if any, is shown on the form. */
function onSubmit(form, submit, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await action();
    } catch (error) {
      formError(form).textContent = error.message;
      submit.disabled = false;
    }
  });
}

function loginScreen(ctx) {
  const email = h('input', {type: 'email', name: 'email', autocomplete: 'username', required: true});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit'}, 'Log in');
  const form = h('form', {class: 'card narrow', id: 'login-form'},
    field('E-mail', email), field('Password', password), submit,
    h('p', {}, 'New here? ', h('a', {href: '#/signup'}, 'Create an account')));
  onSubmit(form, submit, () => logIn(email.value.trim(), password.value));
  ctx.screen('Log in', form);
}

function signupScreen(ctx) {
  const name = h('input', {type: 'text', name: 'name', autocomplete: 'name', required: true});
  const email = h('input', {type: 'email', name: 'email', autocomplete: 'email', required: true});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    minlength: '6'});
  const roles = h('fieldset', {class: 'roles'}, h('legend', {}, 'I am a'),
    h('label', {}, h('input', {type: 'radio', name: 'role', value: 'teacher', required: true}), ' Teacher'),
    h('label', {}, h('input', {type: 'radio', name: 'role', value: 'student', required: true}), ' Student'));
  const submit = h('button', {type: 'submit'}, 'Create account');
  const form = h('form', {class: 'card narrow', id: 'signup-form'},
    field('Name', name), field('E-mail', email), field('Password', password, 'At least 6 characters'), roles, submit,
    h('p', {}, 'Have an account? ', h('a', {href: '#/login'}, 'Log in')));
  onSubmit(form, submit, async () => {
    const role = form.querySelector('input[name=role]:checked')?.value;
    await post('/auth/signup', {name: name.value.trim(), email: email.value.trim(), password: password.value, role});
    await logIn(email.value.trim(), password.value);
  });
  ctx.screen('Create an account', form);
}

// ---- start
async function start() {
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  whenTokenRejected(expired);
  window.addEventListener('hashchange', route);
  const saved = token.get();
  if (saved) {
    try {
      await begin(saved);
    } catch {
      token.clear();
      app.user = null;
    }
  }
  showUserNav();
  route();
}

start();

// The live socket: the protocol's ws://<host>/ws?token=<JWT> (the token is in the socket's own URL, as the
// protocol wants, never in the page's address). Reconnects by itself with exponential backoff and jitter, and
// tells the page whether it is live, connecting or offline.

const UNAUTHORIZED = 'Unauthorized or invalid token';
const MAX_DELAY_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

export class LiveSocket extends EventTarget {
  constructor(token) {
    super();
    this.token = token;
    this.ws = null;
    this.state = 'idle';
    this.attempt = 0;
    this.timer = null;
    this.retryAt = 0;
    this.pending = [];
    this.stopped = true;
    this.everOpen = false;
    this.onBrowserOnline = () => { if (this.state === 'offline') this.connectNow(); };
  }

  start() {
    this.stopped = false;
    window.addEventListener('online', this.onBrowserOnline);
    this.open();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.onBrowserOnline);
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close(1000, 'logout');
    this.failPending('closed');
    this.setState('idle');
  }

  connectNow() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timer);
    this.open();
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(this.token)}`);
    this.ws = ws;
    this.unauthorized = false;
    this.setState('connecting');
    ws.addEventListener('open', () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      const reconnected = this.everOpen;
      this.everOpen = true;
      this.setState('live');
      this.emit(reconnected ? 'reconnected' : 'connected', {});
    });
    ws.addEventListener('message', (event) => {
      if (this.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame.event === 'string') this.receive(frame);
    });
    ws.addEventListener('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.failPending('offline');
      if (this.stopped) return;
      if (this.unauthorized) {
        this.setState('idle');
        this.emit('unauthorized', {});
        return;
      }
      this.scheduleRetry();
    });
  }

  scheduleRetry() {
    const base = Math.min(MAX_DELAY_MS, 500 * 2 ** this.attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.setState('offline');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!this.stopped && !this.ws) this.open(); }, delay);
  }

  receive(frame) {
    const data = frame.data || {};
    if (frame.event === 'ERROR' && data.message === UNAUTHORIZED) {
      this.unauthorized = true;
      return;
    }
    // MY_ATTENDANCE and ERROR are answers to this socket's own requests, in the order they were sent
    if ((frame.event === 'MY_ATTENDANCE' || frame.event === 'ERROR') && this.pending.length) {
      const request = this.pending.shift();
      clearTimeout(request.timer);
      request.resolve(frame);
      return;
    }
    this.emit(frame.event, data);
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, {detail}));
  }

  get isLive() {
    return this.state === 'live';
  }

  /** Sends a frame; false when the socket is not open (the caller tells the user). */
  send(event, data) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(data === undefined ? {event} : {event, data}));
    return true;
  }

  /** Sends a request that the server answers to this socket only (MY_ATTENDANCE), and waits for the answer. */
  request(event, data) {
    return new Promise((resolve, reject) => {
      if (!this.send(event, data)) {
        reject(new Error('offline'));
        return;
      }
      const request = {resolve, reject};
      request.timer = setTimeout(() => {
        // an answer that never came would shift every later one: start over on a fresh socket
        this.failPending('timeout');
        if (this.ws) this.ws.close(4000, 'no answer');
      }, REQUEST_TIMEOUT_MS);
      this.pending.push(request);
    });
  }

  failPending(reason) {
    const pending = this.pending;
    this.pending = [];
    for (const request of pending) {
      clearTimeout(request.timer);
      request.reject(new Error(reason));
    }
  }

  setState(state) {
    this.state = state;
    this.emit('state', {state, retryAt: this.retryAt});
  }
}

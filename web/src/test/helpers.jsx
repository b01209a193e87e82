import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { FeaturesProvider } from '../context/FeaturesContext.jsx';
import { AuthProvider } from '../context/AuthContext.jsx';

/**
 * Replaces global fetch with a router: `handler(method, path, body)` returns
 * {status, body, headers} or undefined (404). Returns the mock to inspect calls.
 */
export function mockFetch(handler) {
  const mock = vi.fn(async (url, init = {}) => {
    const method = init.method || 'GET';
    const body = init.body ? JSON.parse(init.body) : undefined;
    const answer = (await handler(method, String(url), body)) || {
      status: 404, body: { error: { code: 'not_found', message: 'Not found' } },
    };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, {
      status: answer.status || 200,
      headers: { 'Content-Type': 'application/json', ...(answer.headers || {}) },
    });
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** Renders `element` at `path` inside the app's providers and a memory router. */
export function renderWithApp(element, { path = '/', route = '/', features = {} } = {}) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <FeaturesProvider initial={features}>
        <AuthProvider>
          <Routes>
            <Route path={route} element={element} />
            <Route path="*" element={<p>elsewhere</p>} />
          </Routes>
          <LocationProbe />
        </AuthProvider>
      </FeaturesProvider>
    </MemoryRouter>,
  );
}

/** A stand-in for a socket.io-client Socket: records emits, answers acks, and lets a test push server events. */
export class FakeSocket {
  constructor() {
    this.connected = true;
    this.handlers = new Map();
    this.emitted = [];
    this.ackAnswers = new Map();
  }
  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(fn);
    return this;
  }
  off(event, fn) {
    this.handlers.get(event)?.delete(fn);
    return this;
  }
  /** `answer` is a value or a function of the payload (either may be a promise); it is what the server acks with. */
  answer(event, answer) {
    this.ackAnswers.set(event, answer);
  }
  emit(event, payload, ack) {
    this.emitted.push({ event, payload });
    if (ack && this.ackAnswers.has(event)) {
      const answer = this.ackAnswers.get(event);
      const value = typeof answer === 'function' ? answer(payload) : answer;
      Promise.resolve(value).then((resolved) => ack(resolved));
    }
    return this;
  }
  serverEmit(event, payload) {
    for (const fn of [...(this.handlers.get(event) || [])]) fn(payload);
  }
  listenerCount(event) {
    return this.handlers.get(event)?.size || 0;
  }
}

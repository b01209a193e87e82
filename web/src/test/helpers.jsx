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

export { FakeSocket } from './FakeSocket.js';

import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import RecordingSettings from './RecordingSettings.jsx';
import { mockFetch, renderWithApp } from '../test/helpers.jsx';

describe('RecordingSettings', () => {
  it('shows the switch with used space against the quota, and turns it on', async () => {
    const settings = { enabled: false, roomQuotaMiB: 2048, usedMiB: 512 };
    const fetch = mockFetch((method, path, body) => {
      if (path !== '/api/rooms/r1/recording-settings') return undefined;
      if (method === 'PUT') Object.assign(settings, body);
      return { body: settings };
    });
    renderWithApp(<RecordingSettings roomId="r1" />);
    const box = await screen.findByRole('checkbox', { name: 'Record my broadcasts' });
    expect(box).not.toBeChecked();
    expect(screen.getByTestId('recording-usage')).toHaveTextContent('512 MiB of 2.0 GiB used');
    await userEvent.click(box);
    await waitFor(() => expect(box).toBeChecked());
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(put[1].body)).toEqual({ enabled: true });
  });

  it('says why a change was refused', async () => {
    mockFetch((method) => (method === 'PUT'
      ? { status: 403, body: { error: { code: 'forbidden', message: 'Only the room owner may change this.' } } }
      : { body: { enabled: true, roomQuotaMiB: 0, usedMiB: 3 } }));
    renderWithApp(<RecordingSettings roomId="r1" />);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Record my broadcasts' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only the room owner may change this.');
    expect(screen.getByRole('checkbox')).toBeChecked();
  });

  it('is absent on a server without the recordings plugin', async () => {
    const fetch = mockFetch(() => undefined);
    const { container } = renderWithApp(<RecordingSettings roomId="r1" />);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    await waitFor(() => expect(container.querySelector('section')).toBeNull());
  });
});

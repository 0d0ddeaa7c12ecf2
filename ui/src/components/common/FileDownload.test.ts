import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReportFile } from '../../generated/bindings';
import FileDownload from './FileDownload.svelte';

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:report');
  URL.revokeObjectURL = vi.fn();
  // The link is clicked to start the download; jsdom does not navigate.
  HTMLAnchorElement.prototype.click = vi.fn();
});

const csv: ReportFile = {
  fileName: 'cedar-ward-actions-2026-11-22-0830.csv',
  mime: 'text/csv',
  dataBase64: btoa('action_id,title\n1,Box in the pipe\n'),
  description: 'Actions of Cedar Ward (Riverside): 1 action(s), produced 22 Nov 2026 08:30 GMT',
};

describe('FileDownload', () => {
  it('creates a CSV export, offers it by name and says what it holds and when it was produced', async () => {
    const generate = vi.fn(() => Promise.resolve(csv));
    render(FileDownload, { kind: 'CSV', label: 'Download actions CSV', generate });
    await userEvent.click(screen.getByRole('button', { name: 'Download actions CSV' }));
    const link = await screen.findByRole('link', { name: `Save ${csv.fileName}` });
    expect(link.getAttribute('download')).toBe(csv.fileName);
    expect(screen.getByText(/^CSV ready/)).toBeTruthy();
    expect(screen.getByText(csv.description!)).toBeTruthy();
    expect(generate).toHaveBeenCalledTimes(1);
  });

  it('says which kind of file could not be created, and why', async () => {
    render(FileDownload, { label: 'Download register PDF', generate: () => Promise.reject({ code: 'forbidden', message: 'your roles do not allow you to see this ward' }) });
    await userEvent.click(screen.getByRole('button', { name: 'Download register PDF' }));
    expect(await screen.findByText('The PDF could not be created: your roles do not allow you to see this ward')).toBeTruthy();
  });
});

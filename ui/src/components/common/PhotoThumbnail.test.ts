import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const callMock = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/backend')>()),
  call: (...a: unknown[]) => callMock(...a),
}));

const { default: PhotoThumbnail } = await import('./PhotoThumbnail.svelte');
const { default: PhotoUpload } = await import('./PhotoUpload.svelte');
const { clearPhotoCache } = await import('./photoCache');
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAF/gL+DUyaLQAAAABJRU5ErkJggg==';

describe('PhotoThumbnail', () => {
  beforeEach(() => {
    clearPhotoCache();
    callMock.mockReset();
    callMock.mockResolvedValue({ mime: 'image/png', dataBase64: PNG });
  });

  it('fetches a photo once for two thumbnails of it, and shows it with its alt text', async () => {
    const alt = 'Photo 1 of the answer to Are anti-ligature fittings intact?';
    render(PhotoThumbnail, { props: { photoId: 'p1', alt } });
    render(PhotoThumbnail, { props: { photoId: 'p1', alt } });

    const images = await screen.findAllByRole('img', { name: alt });
    expect(images).toHaveLength(2);
    expect(images[0]).toHaveAttribute('src', `data:image/png;base64,${PNG}`);
    expect(callMock).toHaveBeenCalledTimes(1);
    expect(callMock).toHaveBeenCalledWith('get_photo', { photoId: 'p1' });

    // Shown again later in the session: still no second request.
    render(PhotoThumbnail, { props: { photoId: 'p1', alt } });
    expect(screen.getAllByRole('img', { name: alt })).toHaveLength(3);
    expect(callMock).toHaveBeenCalledTimes(1);
  });

  it('shows a placeholder while loading and a short message when the photo cannot be loaded', async () => {
    let reject: (e: unknown) => void = () => {};
    callMock.mockReturnValueOnce(new Promise((_, r) => (reject = r)));
    render(PhotoThumbnail, { props: { photoId: 'p2', alt: 'Photo 1 of Door — en-suite' } });

    expect(screen.getByText('Loading photo…')).toBeInTheDocument();
    reject({ code: 'not_found', message: 'photo not found' });
    expect(await screen.findByText(/could not be loaded/)).toBeInTheDocument();

    // Trying again asks again.
    await userEvent.setup().click(screen.getByRole('button', { name: /Try again/ }));
    expect(await screen.findByRole('img', { name: 'Photo 1 of Door — en-suite' })).toBeInTheDocument();
    expect(callMock).toHaveBeenCalledTimes(2);
  });

  it('opens the full image in a dialog and returns focus to the thumbnail on close', async () => {
    const user = userEvent.setup();
    const alt = 'Photo 2 of Door — en-suite';
    render(PhotoThumbnail, { props: { photoId: 'p3', alt } });

    const opener = await screen.findByRole('button', { name: new RegExp(`^${alt}`) });
    await user.click(opener);

    const dialog = await screen.findByRole('dialog', { name: alt });
    expect(within(dialog).getByRole('img', { name: `${alt}, full size` })).toHaveAttribute('src', `data:image/png;base64,${PNG}`);
    const close = within(dialog).getByRole('button', { name: /^Close/ });
    expect(close).toHaveFocus();

    await user.click(close);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
  });
});

describe('PhotoThumbnail in a browser with IntersectionObserver and modal dialogs', () => {
  let observed: { callback: IntersectionObserverCallback; target: Element | null; disconnected: boolean }[] = [];

  beforeEach(() => {
    clearPhotoCache();
    callMock.mockReset();
    callMock.mockResolvedValue({ mime: 'image/png', dataBase64: PNG });
    observed = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        entry: (typeof observed)[number];
        constructor(callback: IntersectionObserverCallback) {
          this.entry = { callback, target: null, disconnected: false };
          observed.push(this.entry);
        }
        observe(target: Element) {
          this.entry.target = target;
        }
        disconnect() {
          this.entry.disconnected = true;
        }
      },
    );
    // jsdom has no modal dialogs: stand in for the browser's.
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).close;
  });

  it('fetches the photo only once the thumbnail comes into view', async () => {
    const alt = 'Photo 1 of Window — bedroom';
    render(PhotoThumbnail, { props: { photoId: 'p4', alt } });

    expect(screen.getByText('Loading photo…')).toBeInTheDocument();
    expect(callMock).not.toHaveBeenCalled();
    expect(observed).toHaveLength(1);

    const { callback, target } = observed[0];
    callback([{ isIntersecting: true, target } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);
    expect(await screen.findByRole('img', { name: alt })).toBeInTheDocument();
    expect(callMock).toHaveBeenCalledTimes(1);
    expect(observed[0].disconnected).toBe(true);
  });

  it('returns focus to the thumbnail however the modal dialog is closed (Escape included)', async () => {
    const user = userEvent.setup();
    const alt = 'Photo 1 of Door — en-suite';
    render(PhotoThumbnail, { props: { photoId: 'p5', alt } });
    const { callback, target } = observed[0];
    callback([{ isIntersecting: true, target } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);

    const opener = await screen.findByRole('button', { name: new RegExp(`^${alt}`) });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: alt });
    expect(within(dialog).getByRole('button', { name: /^Close/ })).toHaveFocus();

    // What the browser does on Escape.
    (dialog as HTMLDialogElement).close();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
  });
});

describe('PhotoUpload', () => {
  beforeEach(() => {
    clearPhotoCache();
    callMock.mockReset();
    callMock.mockResolvedValue({ mime: 'image/png', dataBase64: PNG });
  });

  it('lists each photo with a thumbnail that says whose photo it is', async () => {
    render(PhotoUpload, { props: { id: 'q-photo', photoIds: ['a', 'b'], onchange: () => {}, subject: 'the answer to Is the door intact?' } });

    expect(await screen.findByRole('img', { name: 'Photo 1 of the answer to Is the door intact?' })).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: 'Photo 2 of the answer to Is the door intact?' })).toBeInTheDocument();
    expect(callMock).toHaveBeenCalledWith('get_photo', { photoId: 'a' });
    expect(callMock).toHaveBeenCalledWith('get_photo', { photoId: 'b' });
  });
});

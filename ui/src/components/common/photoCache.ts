// Photos as `data:` URLs, fetched once per photo id (`get_photo`) and kept in
// memory for the rest of the session. A failed fetch is forgotten, so that
// showing the photo again tries again.
import { call } from '../../lib/backend';

const loaded = new Map<string, string>();
const pending = new Map<string, Promise<string>>();

/** The photo's `data:` URL if it has already been fetched. */
export function cachedPhoto(photoId: string): string | undefined {
  return loaded.get(photoId);
}

/** The photo's `data:` URL, fetching it the first time it is asked for. */
export function loadPhoto(photoId: string): Promise<string> {
  const done = loaded.get(photoId);
  if (done) return Promise.resolve(done);
  let request = pending.get(photoId);
  if (!request) {
    request = call('get_photo', { photoId })
      .then((photo) => {
        const url = `data:${photo.mime};base64,${photo.dataBase64}`;
        loaded.set(photoId, url);
        return url;
      })
      .finally(() => pending.delete(photoId));
    pending.set(photoId, request);
  }
  return request;
}

/** Forget every photo (for tests). */
export function clearPhotoCache(): void {
  loaded.clear();
  pending.clear();
}

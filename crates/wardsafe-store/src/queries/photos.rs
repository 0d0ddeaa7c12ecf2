//! Photos, content-addressed by SHA-256.

use crate::rows::{uuid_at, DbResult};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;
use wardsafe_domain::views::PhotoInfo;
use wardsafe_domain::{AppError, AppResult};

pub fn by_sha256(conn: &Connection, sha256: &str) -> AppResult<Option<PhotoInfo>> {
    conn.query_row("SELECT id, sha256, mime, size FROM photos WHERE sha256 = ? AND deleted = 0", [sha256], |r| {
        Ok(PhotoInfo { id: uuid_at(r, 0)?, sha256: r.get(1)?, mime: r.get(2)?, size: r.get(3)? })
    })
    .optional()
    .db()
}

pub fn data(conn: &Connection, id: Uuid) -> AppResult<(String, Vec<u8>)> {
    conn.query_row("SELECT mime, data FROM photos WHERE id = ? AND deleted = 0", [id.to_string()], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .db()?
    .ok_or_else(|| AppError::not_found("photoId", "photo"))
}

pub fn exists(conn: &Connection, id: Uuid) -> AppResult<bool> {
    crate::queries::exists(conn, crate::Entity::Photo, id)
}

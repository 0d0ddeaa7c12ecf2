//! Photos: checked to be images by their bytes, bounded in size, stored once
//! per SHA-256.

use crate::ctx::Ctx;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::views::PhotoInfo;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Entity, Value};

/// Largest photo accepted: a phone camera's JPEG is 2–6 MB.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadPhotoInput {
    /// The image file, base64-encoded.
    pub data_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInput {
    pub photo_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoData {
    pub mime: String,
    pub data_base64: String,
}

/// The image type, from the file's first bytes (never from its name).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        [b'G', b'I', b'F', b'8', ..] => Some("image/gif"),
        _ => None,
    }
}

pub fn upload_photo(ctx: &Ctx, input: UploadPhotoInput) -> AppResult<PhotoInfo> {
    ctx.me()?;
    // Check the size before decoding: base64 is 4/3 of the bytes.
    if input.data_base64.len() > MAX_PHOTO_BYTES / 3 * 4 + 8 {
        return Err(AppError::validation(
            "dataBase64",
            format!("the photo is over the {} MB limit", MAX_PHOTO_BYTES / 1024 / 1024),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.data_base64.trim())
        .map_err(|_| AppError::validation("dataBase64", "the photo is not valid base64"))?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::validation(
            "dataBase64",
            format!("the photo is over the {} MB limit", MAX_PHOTO_BYTES / 1024 / 1024),
        ));
    }
    let mime = sniff_image(&bytes)
        .ok_or_else(|| AppError::validation("dataBase64", "the file is not a JPEG, PNG, WebP or GIF image"))?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    ctx.store().write(ctx.user_id(), |tx| {
        if let Some(existing) = queries::photos::by_sha256(tx.conn(), &sha256)? {
            return Ok(existing);
        }
        // Named by its hash: the same photo stored on two devices is one record.
        let id = wardsafe_sync::photo_id(&sha256);
        let now = tx.now_str();
        let size = bytes.len() as u32;
        tx.insert(
            Entity::Photo,
            id,
            &[
                ("sha256", Value::Text(sha256.clone())),
                ("mime", Value::Text(mime.into())),
                ("size", Value::Integer(size.into())),
                ("data", Value::Blob(bytes)),
                ("created_at", Value::Text(now)),
            ],
        )?;
        Ok(PhotoInfo { id, sha256, mime: mime.into(), size })
    })
}

pub fn get_photo(ctx: &Ctx, input: PhotoInput) -> AppResult<PhotoData> {
    ctx.me()?;
    let (mime, data) = ctx.store().read(|c| queries::photos::data(c, input.photo_id))?;
    Ok(PhotoData { mime, data_base64: base64::engine::general_purpose::STANDARD.encode(data) })
}

//! Users and their roles.

use crate::rows::{opt_uuid_at, parsed, uuid_at, DbResult};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;
use wardsafe_domain::role::{Role, RoleGrant};
use wardsafe_domain::views::UserInfo;
use wardsafe_domain::AppResult;

pub fn count(conn: &Connection) -> AppResult<i64> {
    conn.query_row("SELECT COUNT(*) FROM users WHERE deleted = 0", [], |r| r.get(0)).db()
}

/// A user and their password hash, by username (case-insensitive).
pub fn by_username(conn: &Connection, username: &str) -> AppResult<Option<(UserInfo, String)>> {
    let row = conn
        .query_row(
            "SELECT id, username, display_name, password_hash FROM users WHERE deleted = 0 AND username = ? COLLATE NOCASE",
            [username],
            |r| Ok((uuid_at(r, 0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
        )
        .optional()
        .db()?;
    match row {
        None => Ok(None),
        Some((id, username, display_name, hash)) => {
            let roles = roles(conn, id)?;
            Ok(Some((UserInfo { id, username, display_name, roles }, hash)))
        }
    }
}

pub fn by_id(conn: &Connection, id: Uuid) -> AppResult<Option<UserInfo>> {
    let row = conn
        .query_row("SELECT username, display_name FROM users WHERE deleted = 0 AND id = ?", [id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .optional()
        .db()?;
    match row {
        None => Ok(None),
        Some((username, display_name)) => Ok(Some(UserInfo { id, username, display_name, roles: roles(conn, id)? })),
    }
}

pub fn roles(conn: &Connection, user: Uuid) -> AppResult<Vec<RoleGrant>> {
    let mut stmt =
        conn.prepare("SELECT role, ward_id FROM user_roles WHERE deleted = 0 AND user_id = ? ORDER BY role").db()?;
    let rows = stmt
        .query_map([user.to_string()], |r| {
            Ok(RoleGrant { role: parsed(r, 0, Role::parse)?, ward_id: opt_uuid_at(r, 1)? })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

pub fn all(conn: &Connection) -> AppResult<Vec<UserInfo>> {
    let mut stmt = conn.prepare("SELECT id FROM users WHERE deleted = 0 ORDER BY display_name").db()?;
    let ids: Vec<Uuid> = stmt.query_map([], |r| uuid_at(r, 0)).db()?.collect::<Result<_, _>>().db()?;
    ids.into_iter().filter_map(|id| by_id(conn, id).transpose()).collect()
}

/// Display names for user ids (for "who" columns).
pub fn display_name(conn: &Connection, id: Uuid) -> AppResult<String> {
    Ok(conn
        .query_row("SELECT display_name FROM users WHERE id = ?", [id.to_string()], |r| r.get(0))
        .optional()
        .db()?
        .unwrap_or_else(|| "unknown user".to_string()))
}

//! Sites, wards and areas.

use crate::rows::{parsed, uuid_at, DbResult};
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;
use wardsafe_domain::place::{AreaType, Specialty, Tier};
use wardsafe_domain::views::{Area, Site, Ward};
use wardsafe_domain::{AppError, AppResult};

pub fn sites(conn: &Connection) -> AppResult<Vec<Site>> {
    let mut stmt = conn.prepare("SELECT id, name FROM sites WHERE deleted = 0 ORDER BY name").db()?;
    let rows = stmt.query_map([], |r| Ok(Site { id: uuid_at(r, 0)?, name: r.get(1)? })).db()?;
    rows.collect::<Result<_, _>>().db()
}

const WARD_SQL: &str = "SELECT w.id, w.site_id, s.name, w.name, w.specialty FROM wards w JOIN sites s ON s.id = w.site_id WHERE w.deleted = 0";

fn ward_row(r: &Row) -> rusqlite::Result<Ward> {
    Ok(Ward {
        id: uuid_at(r, 0)?,
        site_id: uuid_at(r, 1)?,
        site_name: r.get(2)?,
        name: r.get(3)?,
        specialty: parsed(r, 4, Specialty::parse)?,
    })
}

pub fn wards(conn: &Connection) -> AppResult<Vec<Ward>> {
    let mut stmt = conn.prepare(&format!("{WARD_SQL} ORDER BY s.name, w.name")).db()?;
    let rows = stmt.query_map([], ward_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// A live ward, or `NotFound` naming `field`.
pub fn ward(conn: &Connection, id: Uuid, field: &str) -> AppResult<Ward> {
    conn.query_row(&format!("{WARD_SQL} AND w.id = ?"), [id.to_string()], ward_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found(field, "ward"))
}

pub fn site_exists(conn: &Connection, id: Uuid) -> AppResult<bool> {
    crate::queries::exists(conn, crate::Entity::Site, id)
}

const AREA_SQL: &str = "SELECT id, ward_id, name, area_type, tier FROM areas WHERE deleted = 0";

fn area_row(r: &Row) -> rusqlite::Result<Area> {
    let tier: i64 = r.get(4)?;
    Ok(Area {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        name: r.get(2)?,
        area_type: parsed(r, 3, AreaType::parse)?,
        tier: Tier::from_number(tier).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Integer, e.message.into())
        })?,
    })
}

/// A ward's areas in walking order.
pub fn areas(conn: &Connection, ward: Uuid) -> AppResult<Vec<Area>> {
    let mut stmt = conn.prepare(&format!("{AREA_SQL} AND ward_id = ? ORDER BY position, name")).db()?;
    let rows = stmt.query_map([ward.to_string()], area_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

pub fn area(conn: &Connection, id: Uuid, field: &str) -> AppResult<Area> {
    conn.query_row(&format!("{AREA_SQL} AND id = ?"), [id.to_string()], area_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found(field, "area"))
}

pub fn next_area_position(conn: &Connection, ward: Uuid) -> AppResult<i64> {
    conn.query_row("SELECT IFNULL(MAX(position), 0) + 1 FROM areas WHERE ward_id = ?", [ward.to_string()], |r| r.get(0))
        .db()
}

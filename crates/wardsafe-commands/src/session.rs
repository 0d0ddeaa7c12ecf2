//! Signing in and out, first run, and the reference data the UI needs.
//! Passwords are hashed with Argon2id (the `argon2` crate, OWASP's first choice).

use crate::ctx::{App, Ctx};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::ligature::{Control, FixtureType, HeightBand, PointStatus};
use wardsafe_domain::place::{required_text, AreaType, Specialty, Tier};
use wardsafe_domain::role::{Role, RoleGrant};
use wardsafe_domain::views::{ReferenceData, UserInfo};
use wardsafe_domain::{AppError, AppResult, ErrorCode};
use wardsafe_store::{queries, Entity, Value};

/// Signed-in sessions: token → user. Kept in memory, so a restart signs everyone out.
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Uuid>>,
}

impl Sessions {
    fn open(&self, user: Uuid) -> String {
        let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        self.map.lock().unwrap_or_else(|p| p.into_inner()).insert(token.clone(), user);
        token
    }
    fn close(&self, token: &str) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).remove(token);
    }
    fn user_id(&self, token: &str) -> Option<Uuid> {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).get(token).copied()
    }
}

impl App {
    pub(crate) fn session_user(&self, token: &str) -> Option<UserInfo> {
        let id = self.sessions.user_id(token)?;
        self.store.read(|c| queries::users::by_id(c, id)).ok().flatten()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// False on first run: the UI offers the demo trust or a new trust.
    pub has_users: bool,
    pub version: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub device_id: Uuid,
}

pub fn app_status(ctx: &Ctx, _: serde_json::Value) -> AppResult<AppStatus> {
    Ok(AppStatus {
        has_users: ctx.store().read(queries::users::count)? > 0,
        version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: wardsafe_store::SCHEMA_VERSION,
        device_id: ctx.store().device_id(),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInInput {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// Pass this as the session with every later command.
    pub session: String,
    pub user: UserInfo,
}

pub fn sign_in(ctx: &Ctx, input: SignInInput) -> AppResult<SignedIn> {
    let found = ctx.store().read(|c| queries::users::by_username(c, input.username.trim()))?;
    let refused = || AppError {
        code: ErrorCode::Unauthenticated,
        message: "that username and password do not match".into(),
        field: Some("password".into()),
    };
    match found {
        Some((user, hash)) if verify_password(&input.password, &hash) => {
            let session = ctx.app.sessions.open(user.id);
            Ok(SignedIn { session, user })
        }
        Some(_) => Err(refused()),
        None => {
            // Spend the same time as a real check, so a stranger cannot learn which usernames exist.
            let _ = verify_password(&input.password, DUMMY_HASH);
            Err(refused())
        }
    }
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0d7QJqJ2Wm2g5YQmYwC3lI4i7Cq8b8fSg1C5xK0xXnE";

pub fn sign_out(ctx: &Ctx, _: serde_json::Value) -> AppResult<()> {
    if let Some(token) = &ctx.session {
        ctx.app.sessions.close(token);
    }
    Ok(())
}

pub fn whoami(ctx: &Ctx, _: serde_json::Value) -> AppResult<UserInfo> {
    ctx.me().cloned()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    #[serde(default)]
    pub roles: Vec<RoleGrant>,
}

/// First run only: create the trust's first administrator and sign them in.
pub fn create_first_admin(ctx: &Ctx, input: NewUserInput) -> AppResult<SignedIn> {
    let roles = vec![RoleGrant { role: Role::Administrator, ward_id: None }];
    let user = ctx.store().write(None, |tx| {
        if queries::users::count(tx.conn())? > 0 {
            return Err(AppError::invalid_state("this trust already has users: sign in instead"));
        }
        insert_user(tx, &NewUserInput { roles, ..input })
    })?;
    let session = ctx.app.sessions.open(user.id);
    Ok(SignedIn { session, user })
}

/// Validate and insert a user with their roles (inside the caller's transaction).
pub(crate) fn insert_user(tx: &mut wardsafe_store::Tx, input: &NewUserInput) -> AppResult<UserInfo> {
    let username = required_text("username", &input.username, 64)?.to_lowercase();
    if !username.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)) {
        return Err(AppError::validation("username", "use letters, digits, '.', '-' or '_' only"));
    }
    let display_name = required_text("displayName", &input.display_name, 100)?;
    if input.password.chars().count() < 8 {
        return Err(AppError::validation("password", "a password needs at least 8 characters"));
    }
    if queries::users::by_username(tx.conn(), &username)?.is_some() {
        return Err(AppError {
            code: ErrorCode::Duplicate,
            message: format!("the username '{username}' is taken"),
            field: Some("username".into()),
        });
    }
    for (i, g) in input.roles.iter().enumerate() {
        if let Some(w) = g.ward_id {
            queries::places::ward(tx.conn(), w, &format!("roles[{i}].wardId"))?;
        }
    }
    let id = Uuid::now_v7();
    tx.insert(
        Entity::User,
        id,
        &[
            ("username", Value::Text(username.clone())),
            ("display_name", Value::Text(display_name.clone())),
            ("password_hash", Value::Text(hash_password(&input.password)?)),
        ],
    )?;
    for g in &input.roles {
        tx.insert(
            Entity::UserRole,
            Uuid::now_v7(),
            &[
                ("user_id", Value::Text(id.to_string())),
                ("role", Value::Text(g.role.as_str().into())),
                ("ward_id", g.ward_id.map(|w| Value::Text(w.to_string())).unwrap_or(Value::Null)),
            ],
        )?;
    }
    Ok(UserInfo { id, username, display_name, roles: input.roles.clone() })
}

pub(crate) fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("could not hash the password: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

pub fn reference_data(_: &Ctx, _: serde_json::Value) -> AppResult<ReferenceData> {
    Ok(ReferenceData {
        risk_matrix: wardsafe_domain::risk::matrix(),
        fixture_types: FixtureType::choices(),
        height_bands: HeightBand::choices(),
        point_statuses: PointStatus::choices(),
        controls: Control::choices(),
        area_types: AreaType::choices(),
        specialties: Specialty::choices(),
        tiers: Tier::choices(),
        roles: Role::choices(),
    })
}

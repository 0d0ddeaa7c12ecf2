//! The OpenAPI 3 description of the HTTP surface (`GET /openapi.json`),
//! generated with utoipa from the protocol's own types. The functions below
//! only carry each route's description; `crate::http` serves the routes.
#![allow(dead_code)]

use std::sync::OnceLock;
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};
use wardsafe_sync::*;

/// The document as served (built once).
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| document().to_pretty_json().expect("the OpenAPI document serialises"))
}

pub fn document() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Wardsafe sync server",
        description = "Change-log sync between Wardsafe devices and the trust's server (DESIGN.md §3, docs/sync-protocol.md). \
                       Every error is an ApiError with a stable code.",
        license(name = "Apache-2.0")
    ),
    paths(health, openapi, enrol, push, pull, issue_code, photo_status, upload_photo, download_photo),
    components(schemas(ApiError, Change, PulledChange, OutcomeStatus, Outcome)),
    modifiers(&DeviceToken, &Ranges),
    tags(
        (name = "server", description = "About the server"),
        (name = "devices", description = "Enrolment of devices"),
        (name = "sync", description = "Changes in and out"),
        (name = "photos", description = "Photos by SHA-256, sent in parts")
    )
)]
struct Doc;

/// The device token from enrolment, as `Authorization: Bearer <token>`.
struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("The device token given by POST /v1/enrol"))
            .build();
        api.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("deviceToken", SecurityScheme::Http(scheme));
    }
}

/// Ranges the engine enforces that the protocol's types do not carry, so
/// that a generated request within the document reaches the engine's logic.
struct Ranges;

impl Modify for Ranges {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let v = SCHEMA_VERSION as isize;
        for (schema, field, min, max) in [
            ("EnrolRequest", "schemaVersion", v - 1, v),
            ("PushRequest", "schemaVersion", v - 1, v),
            ("PullRequest", "schemaVersion", v - 1, v),
            ("PullRequest", "limit", 1, MAX_PAGE as isize),
            ("PullRequest", "waitMs", 0, 25_000),
        ] {
            let p = property(api, schema, field).and_then(|p| match p {
                RefOr::T(Schema::Object(o)) => Some(o),
                _ => None,
            });
            let p: &mut Object = p.unwrap_or_else(|| panic!("{schema}.{field} is not in the document"));
            p.minimum = Some(min.into());
            p.maximum = Some(max.into());
        }
        if let Some(RefOr::T(Schema::Array(changes))) = property(api, "PushRequest", "changes") {
            changes.max_items = Some(MAX_PUSH);
        }
    }
}

fn property<'a>(api: &'a mut utoipa::openapi::OpenApi, schema: &str, field: &str) -> Option<&'a mut RefOr<Schema>> {
    match api.components.as_mut()?.schemas.get_mut(schema)? {
        RefOr::T(Schema::Object(o)) => o.properties.get_mut(field),
        _ => None,
    }
}

/// Raw bytes (a photo or a part of one).
struct Bytes;

impl PartialSchema for Bytes {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for Bytes {}

#[utoipa::path(get, path = "/health", tag = "server", operation_id = "health",
    responses(
        (status = 200, description = "The server and its database answer", body = Health),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn health() {}

#[utoipa::path(get, path = "/openapi.json", tag = "server", operation_id = "openapi",
    responses((status = 200, description = "This document", body = Object)))]
fn openapi() {}

#[utoipa::path(post, path = "/v1/enrol", tag = "devices", operation_id = "enrol",
    request_body = EnrolRequest,
    responses(
        (status = 200, description = "Enrolled: the device token, sent only this once", body = EnrolResponse),
        (status = 400, description = "The body is not an EnrolRequest (`bad_request`, with the field)", body = ApiError),
        (status = 403, description = "The code is unknown, used or expired (`bad_code`, `code_used`, `code_expired`)", body = ApiError),
        (status = 413, description = "The body is too large (`too_large`)", body = ApiError),
        (status = 422, description = "A value is not allowed (`validation`, with the field)", body = ApiError),
        (status = 426, description = "The device's schema version is not served (`upgrade_required`, `server_too_old`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn enrol() {}

#[utoipa::path(post, path = "/v1/push", tag = "sync", operation_id = "push",
    request_body = PushRequest,
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "An outcome for each change, in order", body = PushResponse),
        (status = 400, description = "The body is not a PushRequest (`bad_request`, with the field)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`)", body = ApiError),
        (status = 413, description = "The body is too large (`too_large`) or holds too many changes (`too_many`)", body = ApiError),
        (status = 426, description = "The device's schema version is not served (`upgrade_required`, `server_too_old`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn push() {}

#[utoipa::path(post, path = "/v1/pull", tag = "sync", operation_id = "pull",
    request_body = PullRequest,
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "The next page of changes after the cursor", body = PullResponse),
        (status = 400, description = "The body is not a PullRequest (`bad_request`) or the cursor is not this server's (`bad_cursor`)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`)", body = ApiError),
        (status = 413, description = "The body is too large (`too_large`)", body = ApiError),
        (status = 422, description = "limit or waitMs out of range (`validation`, with the field)", body = ApiError),
        (status = 426, description = "The device's schema version is not served (`upgrade_required`, `server_too_old`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn pull() {}

#[utoipa::path(post, path = "/v1/enrolment-codes", tag = "devices", operation_id = "issueCode",
    request_body = IssueCodeRequest,
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "A one-time enrolment code", body = IssuedCode),
        (status = 400, description = "The body is not an IssueCodeRequest (`bad_request`, with the field)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`), or the user may not issue this code (`forbidden`)", body = ApiError),
        (status = 413, description = "The body is too large (`too_large`)", body = ApiError),
        (status = 422, description = "No wards chosen (`validation`) or a ward the server does not hold (`unknown_ward`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn issue_code() {}

#[utoipa::path(get, path = "/v1/photos/{sha256}/status", tag = "photos", operation_id = "photoStatus",
    params(("sha256" = String, Path, description = "The photo's SHA-256, 64 lower-case hex digits", pattern = "^[0-9a-f]{64}$")),
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "How much of the photo the server holds", body = PhotoStatus),
        (status = 400, description = "Not a SHA-256 (`validation`, `bad_request`)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn photo_status() {}

#[utoipa::path(put, path = "/v1/photos/{sha256}", tag = "photos", operation_id = "uploadPhoto",
    params(
        ("sha256" = String, Path, description = "The photo's SHA-256, 64 lower-case hex digits", pattern = "^[0-9a-f]{64}$"),
        ("offset" = i64, Query, description = "Where this part starts: the bytes the server holds so far", minimum = 0, maximum = 12582912),
        ("total" = i64, Query, description = "The whole photo's size in bytes", minimum = 1, maximum = 12582912),
    ),
    request_body(content = inline(Bytes), content_type = "application/octet-stream", description = "The next part of the photo"),
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "Taken; complete once the last part arrived and matched the hash", body = PhotoStatus),
        (status = 400, description = "Not a SHA-256, or offset/total missing or not numbers (`validation`, `bad_request`)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`)", body = ApiError),
        (status = 409, description = "offset is not where the server's copy ends (`offset_mismatch`): ask for the status", body = ApiError),
        (status = 413, description = "The part or the photo is too large (`too_large`)", body = ApiError),
        (status = 422, description = "An empty part or one past total (`validation`), or the whole did not match its hash (`hash_mismatch`; start again)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn upload_photo() {}

#[utoipa::path(get, path = "/v1/photos/{sha256}", tag = "photos", operation_id = "downloadPhoto",
    params(("sha256" = String, Path, description = "The photo's SHA-256, 64 lower-case hex digits", pattern = "^[0-9a-f]{64}$")),
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "The photo's bytes", content_type = "application/octet-stream", body = inline(Bytes)),
        (status = 400, description = "Not a SHA-256 (`validation`, `bad_request`)", body = ApiError),
        (status = 401, description = "No token, or not one of this server's (`unauthorised`, `wrong_server`)", body = ApiError),
        (status = 403, description = "The device was revoked (`revoked`)", body = ApiError),
        (status = 404, description = "The server does not hold the whole photo yet (`not_found`)", body = ApiError),
        (status = 500, description = "The server failed", body = ApiError),
        (status = 503, description = "The database does not answer (`storage`)", body = ApiError),
    ))]
fn download_photo() {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_photo_size_limit_in_the_document_is_the_engines() {
        // The attribute needs a literal; keep it in step with the engine.
        assert_eq!(crate::engine::MAX_PHOTO, 12582912);
        assert!(super::json().contains("12582912"));
    }

    #[test]
    fn the_document_carries_the_ranges_the_engine_enforces() {
        let doc: serde_json::Value = serde_json::from_str(super::json()).unwrap();
        let schemas = &doc["components"]["schemas"];
        let v = wardsafe_sync::SCHEMA_VERSION;
        for s in ["EnrolRequest", "PushRequest", "PullRequest"] {
            let p = &schemas[s]["properties"]["schemaVersion"];
            assert_eq!((p["minimum"].as_i64(), p["maximum"].as_i64()), (Some(v - 1), Some(v)), "{s}");
        }
        assert_eq!(schemas["PullRequest"]["properties"]["limit"]["maximum"], wardsafe_sync::MAX_PAGE);
        assert_eq!(schemas["PushRequest"]["properties"]["changes"]["maxItems"], wardsafe_sync::MAX_PUSH);
    }
}

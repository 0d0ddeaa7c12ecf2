//! Decoding JSON input so that a bad value gets an error naming its field
//! (e.g. `roles[0].role`), not a line and column.

use crate::error::{AppError, AppResult};
use serde::de::DeserializeOwned;

/// Decode `json` text; `root` names the whole document in errors.
pub fn from_str<T: DeserializeOwned>(json: &str, root: &str) -> AppResult<T> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| to_app_error(e, root))
}

/// Decode an already-parsed JSON value; `root` names the whole value in errors.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value, root: &str) -> AppResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| to_app_error(e, root))
}

fn to_app_error<E: std::fmt::Display>(e: serde_path_to_error::Error<E>, root: &str) -> AppError {
    let path = e.path().to_string();
    let inner = e.inner().to_string();
    // serde reports a missing field at its parent; name the field itself.
    let missing = inner.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()).map(str::to_string);
    let parent = match path.as_str() {
        "" | "." | "?" => None,
        p => Some(p.to_string()),
    };
    let field = match (parent, missing) {
        (Some(p), Some(m)) => format!("{p}.{m}"),
        (None, Some(m)) => m,
        (Some(p), None) => p,
        (None, None) => root.to_string(),
    };
    // Drop serde's "at line 1 column 20": the field says where.
    let message = match inner.find(" at line ") {
        Some(i) => inner[..i].to_string(),
        None => inner,
    };
    AppError::validation(field, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Inner {
        role: crate::role::Role,
    }
    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Input {
        ward_id: uuid::Uuid,
        likelihood: i64,
        roles: Vec<Inner>,
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"likelihood": 1, "roles": []}"#, "wardId"),
            (r#"{"wardId": "nope", "likelihood": 1, "roles": []}"#, "wardId"),
            (r#"{"wardId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11", "likelihood": "x", "roles": []}"#, "likelihood"),
            (
                r#"{"wardId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11", "likelihood": 1, "roles": [{"role": "king"}]}"#,
                "roles[0].role",
            ),
            (r#"{"wardId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11", "likelihood": 1, "roles": [{}]}"#, "roles[0].role"),
            (r#""hello""#, "input"),
        ];
        for (json, field) in cases {
            let e = from_str::<Input>(json, "input").unwrap_err();
            assert_eq!(e.field.as_deref(), Some(field), "{json}: {e}");
            assert!(!e.message.contains("line 1"), "{}", e.message);
        }
    }
}

//! The built-in templates, shipped as data files in `assets/templates/` and
//! embedded in the binary. Each is installed once per (key, version).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::role::Action;
use wardsafe_domain::template::Template;
use wardsafe_domain::views::TemplateSummary;
use wardsafe_domain::{AppError, AppResult, ErrorCode};
use wardsafe_store::{queries, Entity, Store, Tx, Value};

pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("ligature-walkround.json", include_str!("../../../assets/templates/ligature-walkround.json")),
    ("daily-safety-check.json", include_str!("../../../assets/templates/daily-safety-check.json")),
];

/// Install any built-in template version the database does not have yet.
pub fn install_templates(store: &Store) -> AppResult<()> {
    for (file, json) in BUILTIN_TEMPLATES {
        let t = Template::parse(json)
            .map_err(|e| AppError::internal(format!("built-in template {file} is broken: {e}")))?;
        let have = store.read(|c| queries::templates::version_exists(c, &t.key, t.version))?;
        if !have {
            store.write(None, |tx| install(tx, &t, true))?;
        }
    }
    Ok(())
}

/// Add a template version, live or as a draft to review first. A version going
/// live archives the older live one (audits keep the exact version they started on).
fn install(tx: &mut Tx, t: &Template, live: bool) -> AppResult<TemplateSummary> {
    if queries::templates::version_exists(tx.conn(), &t.key, t.version)? {
        return Err(AppError {
            code: ErrorCode::Duplicate,
            message: format!("version {} of template '{}' already exists", t.version, t.key),
            field: Some("version".into()),
        });
    }
    if live {
        archive_live(tx, &t.key)?;
    }
    let status = if live { "live" } else { "draft" };
    let id = wardsafe_sync::template_id(&t.key, t.version.into());
    let kind = serde_json::to_value(t.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    tx.insert(
        Entity::Template,
        id,
        &[
            ("key", Value::Text(t.key.clone())),
            ("version", Value::Integer(t.version.into())),
            ("name", Value::Text(t.name.clone())),
            ("kind", Value::Text(kind)),
            ("status", Value::Text(status.into())),
            ("body", Value::Text(serde_json::to_string(t).map_err(|e| AppError::internal(e.to_string()))?)),
        ],
    )?;
    Ok(TemplateSummary {
        id,
        key: t.key.clone(),
        version: t.version,
        name: t.name.clone(),
        kind: t.kind,
        status: status.into(),
    })
}

fn archive_live(tx: &mut Tx, key: &str) -> AppResult<()> {
    for old in queries::templates::live_ids(tx.conn(), key)? {
        tx.update(Entity::Template, old, &[("status", Value::Text("archived".into()))])?;
    }
    Ok(())
}

pub fn list_templates(ctx: &crate::ctx::Ctx, _: serde_json::Value) -> AppResult<Vec<TemplateSummary>> {
    ctx.me()?;
    ctx.store().read(queries::templates::list)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportTemplateInput {
    /// The template file's text (JSON).
    pub json: String,
    /// Keep it as a draft to review; `publish_template` makes it live.
    #[serde(default)]
    pub draft: bool,
}

/// An administrator adds a template from a file; errors name the field's path.
pub fn import_template(ctx: &crate::ctx::Ctx, input: ImportTemplateInput) -> AppResult<TemplateSummary> {
    ctx.require(Action::ManageTrust, None)?;
    let t = Template::parse(&input.json)?;
    ctx.store().write(ctx.user_id(), |tx| install(tx, &t, !input.draft))
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateInput {
    pub template_id: Uuid,
}

/// An administrator puts a draft version live: draft → live → archived.
pub fn publish_template(ctx: &crate::ctx::Ctx, input: TemplateInput) -> AppResult<TemplateSummary> {
    ctx.require(Action::ManageTrust, None)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let t = queries::templates::summary(tx.conn(), input.template_id)?;
        if t.status != "draft" {
            return Err(AppError::invalid_state(format!(
                "only a draft can be published; this version is {}",
                t.status
            )));
        }
        archive_live(tx, &t.key)?;
        tx.update(Entity::Template, t.id, &[("status", Value::Text("live".into()))])?;
        queries::templates::summary(tx.conn(), t.id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_parse_and_cover_the_daily_check_items_of_design_2_2() {
        for (file, json) in BUILTIN_TEMPLATES {
            Template::parse(json).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
        let daily = Template::parse(BUILTIN_TEMPLATES[1].1).unwrap();
        let text: String = daily.sections.iter().flat_map(|s| &s.questions).map(|q| q.text.to_lowercase()).collect();
        for item in [
            "ligature cutters",
            "emergency bag",
            "alarms",
            "observation panels",
            "seclusion room",
            "garden",
            "anti-barricade",
            "sharps",
        ] {
            assert!(text.contains(item), "daily check lacks {item}");
        }
    }
}

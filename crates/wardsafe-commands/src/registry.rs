//! The one registry of commands. Each entry names a typed handler; the macro
//! decodes its input (errors name the field) and encodes its output.

use crate::ctx::Ctx;
use crate::{audits, builtin, ligature, photos, places, report, session, summary};
use wardsafe_domain::input::from_value;
use wardsafe_domain::{AppError, AppResult};

pub struct CommandInfo {
    pub name: &'static str,
    /// False only for what must work before signing in.
    pub needs_session: bool,
    /// Input and output type names (as in the generated TypeScript).
    pub input: &'static str,
    pub output: &'static str,
    pub summary: &'static str,
    pub(crate) run: fn(&Ctx, serde_json::Value) -> AppResult<serde_json::Value>,
}

fn encode<T: serde::Serialize>(out: T) -> AppResult<serde_json::Value> {
    serde_json::to_value(out).map_err(|e| AppError::internal(format!("could not encode the result: {e}")))
}

/// Commands without input accept `null` or `{}`.
fn no_input(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Null => serde_json::Value::Object(Default::default()),
        v => v,
    }
}

macro_rules! commands {
    ($( $name:literal, $session:expr, $f:path, $input:literal => $output:literal, $summary:literal; )+) => {
        pub static COMMANDS: &[CommandInfo] = &[$(
            CommandInfo {
                name: $name,
                needs_session: $session,
                input: $input,
                output: $output,
                summary: $summary,
                run: |ctx, v| encode($f(ctx, from_value(no_input(v), "input")?)?),
            },
        )+];
    };
}

commands! {
    "app_status", false, session::app_status, "{}" => "AppStatus", "Whether the trust is set up; version and device.";
    "reference_data", false, session::reference_data, "{}" => "ReferenceData", "Controlled lists and the 5×5 risk matrix.";
    "load_demo", false, crate::demo::load_demo_command, "{}" => "DemoLoaded", "First run only: load the demo trust.";
    "create_first_admin", false, session::create_first_admin, "NewUserInput" => "SignedIn", "First run only: create the first administrator.";
    "sign_in", false, session::sign_in, "SignInInput" => "SignedIn", "Sign in; returns the session token.";
    "sign_out", true, session::sign_out, "{}" => "null", "End the session.";
    "whoami", true, session::whoami, "{}" => "UserInfo", "The signed-in user and their roles.";
    "create_site", true, places::create_site, "NameInput" => "Site", "Administrator: add a site.";
    "create_ward", true, places::create_ward, "CreateWardInput" => "Ward", "Administrator: add a ward to a site.";
    "create_area", true, places::create_area, "CreateAreaInput" => "Area", "Administrator or the ward's manager: add an area.";
    "create_user", true, places::create_user, "NewUserInput" => "UserInfo", "Administrator: add a user with roles.";
    "list_users", true, places::list_users, "{}" => "UserInfo[]", "Administrator: every user.";
    "list_sites", true, places::list_sites, "{}" => "Site[]", "Every site.";
    "list_my_wards", true, places::list_my_wards, "{}" => "WardSummary[]", "The wards I hold a role on, with open risks.";
    "ward_overview", true, places::ward_overview, "WardInput" => "WardOverview", "A ward's areas, open risks by band and tier, recent audits.";
    "list_areas", true, places::list_areas, "WardInput" => "Area[]", "A ward's areas in walking order.";
    "ligature_register", true, places::ligature_register, "WardInput" => "RegisterEntry[]", "A ward's ligature register, highest risk first.";
    "list_templates", true, builtin::list_templates, "{}" => "TemplateSummary[]", "Templates and their versions.";
    "import_template", true, builtin::import_template, "ImportTemplateInput" => "TemplateSummary", "Administrator: add a template version from a file.";
    "start_audit", true, audits::start_audit, "StartAuditInput" => "AuditView", "Start a walk-round or check on the live template version.";
    "get_audit", true, audits::get_audit, "AuditInput" => "AuditView", "An audit with its template, answers and points.";
    "list_audits", true, audits::list_audits, "WardInput" => "AuditListItem[]", "A ward's audits, newest first.";
    "save_answer", true, audits::save_answer, "SaveAnswerInput" => "Answer", "Save one answer the moment it is given.";
    "add_ligature_point", true, ligature::add_ligature_point, "AddPointInput" => "AuditPoint", "Record a new ligature point with its first assessment.";
    "assess_ligature_point", true, ligature::assess_ligature_point, "AssessPointInput" => "AuditPoint", "Re-assess a known point in this walk-round.";
    "complete_audit", true, audits::complete_audit, "AuditInput" => "AuditSummary", "Complete: refuses while required answers are missing.";
    "audit_summary", true, summary::audit_summary, "AuditInput" => "AuditSummary", "Counts by band and tier, failures, and changes since the previous walk-round.";
    "sign_off_audit", true, audits::sign_off_audit, "AuditInput" => "AuditListItem", "Ward manager or matron: sign a completed audit off.";
    "amend_answer", true, audits::amend_answer, "AmendAnswerInput" => "Amendment", "Correct a completed or signed-off audit, keeping the original.";
    "upload_photo", true, photos::upload_photo, "UploadPhotoInput" => "PhotoInfo", "Store an image (JPEG, PNG, WebP, GIF; at most 10 MB).";
    "get_photo", true, photos::get_photo, "PhotoInput" => "PhotoData", "A stored image.";
    "audit_report_pdf", true, report::audit_report_pdf, "AuditInput" => "ReportFile", "The walk-round or check as a PDF.";
    "register_report_pdf", true, report::register_report_pdf, "WardInput" => "ReportFile", "The ward's ligature register as a PDF.";
}

pub(crate) fn find(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.name == name)
}

pub fn command_names() -> Vec<&'static str> {
    COMMANDS.iter().map(|c| c.name).collect()
}

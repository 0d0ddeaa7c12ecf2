//! The one registry of commands. Each entry names a typed handler; the macro
//! decodes its input (errors name the field) and encodes its output.

use crate::ctx::Ctx;
use crate::{actions, audits, builtin, export, ligature, photos, places, report, restrictive, session, summary};
use wardsafe_domain::input::from_value;
use wardsafe_domain::{AppError, AppResult};

pub struct CommandInfo {
    pub name: &'static str,
    /// False only for what must work before signing in.
    pub needs_session: bool,
    /// Input and output type names (as in the generated TypeScript).
    pub input: &'static str,
    pub output: &'static str,
    /// The error codes it can return besides `internal` and `storage`.
    pub errors: &'static str,
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
    ($( $name:literal, $session:expr, $f:path, $input:literal => $output:literal, $errors:literal, $summary:literal; )+) => {
        pub static COMMANDS: &[CommandInfo] = &[$(
            CommandInfo {
                name: $name,
                needs_session: $session,
                input: $input,
                output: $output,
                errors: $errors,
                summary: $summary,
                run: |ctx, v| encode($f(ctx, from_value(no_input(v), "input")?)?),
            },
        )+];
    };
}

commands! {
    "app_status", false, session::app_status, "{}" => "AppStatus", "—", "Whether the trust is set up; version and device.";
    "reference_data", false, session::reference_data, "{}" => "ReferenceData", "—", "Controlled lists and the 5×5 risk matrix.";
    "load_demo", false, crate::demo::load_demo_command, "{}" => "DemoLoaded", "invalid_state", "First run only: load the demo trust.";
    "create_first_admin", false, session::create_first_admin, "NewUserInput" => "SignedIn", "validation, duplicate, invalid_state", "First run only: create the first administrator.";
    "sign_in", false, session::sign_in, "SignInInput" => "SignedIn", "validation, unauthenticated", "Sign in; returns the session token.";
    "sign_out", true, session::sign_out, "{}" => "null", "unauthenticated", "End the session.";
    "whoami", true, session::whoami, "{}" => "UserInfo", "unauthenticated", "The signed-in user and their roles.";
    "create_site", true, places::create_site, "NameInput" => "Site", "validation, forbidden", "Administrator: add a site.";
    "create_ward", true, places::create_ward, "CreateWardInput" => "Ward", "validation, not_found, forbidden", "Administrator: add a ward to a site.";
    "create_area", true, places::create_area, "CreateAreaInput" => "Area", "validation, not_found, forbidden", "Administrator or the ward's manager: add an area.";
    "create_user", true, places::create_user, "NewUserInput" => "UserInfo", "validation, not_found, duplicate, forbidden", "Administrator: add a user with roles.";
    "list_users", true, places::list_users, "{}" => "UserInfo[]", "forbidden", "Administrator: every user.";
    "list_sites", true, places::list_sites, "{}" => "Site[]", "unauthenticated", "Every site.";
    "list_my_wards", true, places::list_my_wards, "{}" => "WardSummary[]", "unauthenticated", "The wards I hold a role on, with open risks.";
    "ward_overview", true, places::ward_overview, "WardInput" => "WardOverview", "validation, not_found, forbidden", "A ward's areas, open risks by band and tier, recent audits.";
    "list_areas", true, places::list_areas, "WardInput" => "Area[]", "validation, not_found, forbidden", "A ward's areas in walking order.";
    "ligature_register", true, places::ligature_register, "WardInput" => "RegisterEntry[]", "validation, not_found, forbidden", "A ward's ligature register, highest risk first.";
    "list_templates", true, builtin::list_templates, "{}" => "TemplateSummary[]", "unauthenticated", "Templates and their versions.";
    "import_template", true, builtin::import_template, "ImportTemplateInput" => "TemplateSummary", "validation, duplicate, forbidden", "Administrator: add a template version from a file, live or as a draft.";
    "publish_template", true, builtin::publish_template, "TemplateInput" => "TemplateSummary", "validation, not_found, forbidden, invalid_state", "Administrator: put a draft template version live, archiving the old one.";
    "start_audit", true, audits::start_audit, "StartAuditInput" => "AuditView", "validation, not_found, forbidden", "Start a walk-round or check on the live template version.";
    "get_audit", true, audits::get_audit, "AuditInput" => "AuditView", "validation, not_found, forbidden", "An audit with its template, answers and points.";
    "list_audits", true, audits::list_audits, "WardInput" => "AuditListItem[]", "validation, not_found, forbidden", "A ward's audits, newest first.";
    "save_answer", true, audits::save_answer, "SaveAnswerInput" => "Answer", "validation, not_found, forbidden, invalid_state", "Save one answer the moment it is given.";
    "add_ligature_point", true, ligature::add_ligature_point, "AddPointInput" => "AuditPoint", "validation, not_found, forbidden, invalid_state", "Record a new ligature point with its first assessment.";
    "assess_ligature_point", true, ligature::assess_ligature_point, "AssessPointInput" => "AuditPoint", "validation, not_found, forbidden, invalid_state", "Re-assess a known point in this walk-round.";
    "complete_audit", true, audits::complete_audit, "AuditInput" => "AuditSummary", "validation, not_found, forbidden, invalid_state", "Complete: refuses while required answers are missing.";
    "audit_summary", true, summary::audit_summary, "AuditInput" => "AuditSummary", "validation, not_found, forbidden", "Counts by band and tier, failures, and changes since the previous walk-round.";
    "sign_off_audit", true, audits::sign_off_audit, "AuditInput" => "AuditListItem", "validation, not_found, forbidden, invalid_state", "Ward manager or matron: sign a completed audit off.";
    "amend_answer", true, audits::amend_answer, "AmendAnswerInput" => "Amendment", "validation, not_found, forbidden, invalid_state", "Correct a completed or signed-off audit, keeping the original.";
    "upload_photo", true, photos::upload_photo, "UploadPhotoInput" => "PhotoInfo", "validation", "Store an image (JPEG, PNG, WebP, GIF; at most 10 MB).";
    "get_photo", true, photos::get_photo, "PhotoInput" => "PhotoData", "validation, not_found", "A stored image.";
    "audit_report_pdf", true, report::audit_report_pdf, "AuditInput" => "ReportFile", "validation, not_found, forbidden", "The walk-round or check as a PDF for an inspection evidence pack: its answers and risks, the actions raised from it (drafts, outcomes, interim controls) and those open on the points it assessed; says what it holds, when and by whom it was produced.";
    "register_report_pdf", true, report::register_report_pdf, "WardInput" => "ReportFile", "validation, not_found, forbidden", "The ward's ligature register as a PDF: every point not removed, with its open actions, interim controls and the vigilance-only flag; says what it holds, when and by whom it was produced.";
    "raise_action", true, actions::raise_action, "RaiseActionInput" => "ActionView", "validation, not_found, forbidden", "Raise an action on a ward, from any area or about a ligature point; the due date comes from the trust's policy for its band.";
    "get_action", true, actions::get_action, "ActionInput" => "ActionDetail", "validation, not_found, forbidden", "An action with its interim controls, the steps I may take and its timeline.";
    "edit_action", true, actions::edit_action, "EditActionInput" => "ActionView", "validation, not_found, forbidden, invalid_state", "Change what an action says; a new due date needs a reason; estates may add a capital-project reference.";
    "action_step", true, actions::action_step, "StepInput" => "ActionView", "validation, not_found, forbidden, invalid_state", "Confirm, merge or dismiss a draft; assign, start, complete with evidence; verify (updating the ligature point) or reject with a reason.";
    "assign_actions", true, actions::assign_actions, "AssignInput" => "ActionView[]", "validation, not_found, forbidden, invalid_state", "Assign several actions to one estates officer at once (all or none).";
    "add_interim_control", true, actions::add_interim_control, "AddInterimInput" => "ActionView", "validation, not_found, forbidden, invalid_state", "Put an interim control in place while an action is open, with a review date.";
    "end_interim_control", true, actions::end_interim_control, "ControlInput" => "ActionView", "not_found, forbidden, invalid_state", "End an interim control.";
    "ward_actions", true, actions::ward_actions, "WardInput" => "WardActions", "validation, not_found, forbidden", "A ward's drafts, open actions, those awaiting verification and recently closed, with overdue and vigilance-only counts.";
    "estates_queue", true, actions::estates_queue, "QueueInput" => "QueuePage", "validation", "The estates queue across the wards I cover, by risk band then due date, filtered and paged.";
    "assignable_users", true, actions::assignable_users, "WardInput" => "UserInfo[]", "validation, not_found, forbidden", "The people with the estates role for a ward, to assign its actions to.";
    "my_notices", true, actions::my_notices, "NoticesInput" => "Notices", "validation", "What needs my attention now: actions assigned to me, overdue ones I answer for, and completed ones waiting for my verification; each with a key that changes only when its event happens again, for desktop notifications.";
    "risk_dashboard", true, actions::risk_dashboard, "DashboardInput" => "RiskDashboard", "validation, not_found, forbidden", "Open ligature risks by band and tier, actions outstanding and overdue, days to close by band, the 12-month trend and the longest-open risks, for a ward, a site or every ward I may see.";
    "export_register_csv", true, export::export_register_csv, "WardInput" => "ReportFile", "validation, not_found, forbidden", "The ward's ligature register as CSV (a header alone for an empty ward).";
    "export_actions_csv", true, export::export_actions_csv, "DashboardInput" => "ReportFile", "validation, not_found, forbidden", "The actions of a ward, a site or every ward I may see, as CSV, with their status, band, assignee and dates.";
    "get_policy", true, actions::get_policy, "{}" => "RemediationPolicy", "unauthenticated", "The trust's due days by band and the vigilance-only limit.";
    "set_policy", true, actions::set_policy, "RemediationPolicy" => "RemediationPolicy", "validation, forbidden", "Administrator: change the trust's remediation policy (recorded).";
    "start_seclusion", true, restrictive::start_seclusion, "StartSeclusionInput" => "EpisodeDetail", "validation, not_found, forbidden", "Start a seclusion episode on a ward (patient name and NHS number, room, who authorised it and whether a doctor, reason, start time — now or past, never future); returns it with its compliance now.";
    "start_segregation", true, restrictive::start_segregation, "StartSegregationInput" => "EpisodeDetail", "validation, not_found, forbidden", "Start long-term segregation by an MDT decision (patient, lead, reason, care plan to end it, start time); returns it with its compliance now.";
    "record_observation", true, restrictive::record_observation, "ObservationInput" => "EpisodeDetail", "validation, not_found, forbidden", "Record a seclusion observation (time within the episode, the observer's profession, a note); returns the episode with the next observation due.";
    "record_review", true, restrictive::record_review, "ReviewInput" => "EpisodeDetail", "validation, not_found, forbidden", "Record a nursing, medical, internal or independent MDT review (seclusion) or an approved clinician, MDT or external review, advocate or commissioner informed, or care plan (segregation); refused when the role may not lead it or too few took part.";
    "end_episode", true, restrictive::end_episode, "EndEpisodeInput" => "EpisodeDetail", "validation, not_found, forbidden, invalid_state", "End an episode (time after its start and its records, how it ended, whether a debrief was offered).";
    "get_episode", true, restrictive::get_episode, "EpisodeInput" => "EpisodeDetail", "validation, not_found, forbidden", "An episode with its observations and reviews and every requirement of the review rules with its state and times, now or at a given instant.";
    "matron_board", true, restrictive::matron_board, "BoardInput" => "MatronBoard", "validation, not_found, forbidden", "Every active seclusion and segregation across the wards I cover (or one ward): the next due review and its time, what is overdue, episodes past the independent-review thresholds; most urgent first.";
    "ward_episodes", true, restrictive::ward_episodes, "WardEpisodesInput" => "WardEpisodes", "not_found, forbidden", "One ward's seclusion and segregation episodes: those going on (next due review, overdue, independent-review thresholds; most urgent first) and the 100 most recently ended (missed and late counts, sign-off).";
    "sign_off_episode", true, restrictive::sign_off_episode, "SignOffInput" => "EpisodeDetail", "validation, not_found, forbidden, invalid_state", "Matron: sign an episode off as reviewed, with a comment (once).";
    "get_review_rules", true, restrictive::get_review_rules, "{}" => "ReviewRules", "unauthenticated", "The trust's seclusion and segregation review rules (DESIGN.md's defaults until changed).";
    "set_review_rules", true, restrictive::set_review_rules, "ReviewRules" => "ReviewRules", "validation, forbidden", "Administrator: change the review rules table (every rule once; recorded in the change log).";
    "evaluate_compliance", true, restrictive::evaluate_compliance, "ComplianceRequest" => "Compliance", "validation", "Evaluate an episode timeline given as JSON (docs/review-engine.md): every requirement with its state and times.";
    "record_use_of_force", true, restrictive::record_use_of_force, "RecordUseOfForceInput" => "UseOfForceView", "validation, not_found, forbidden", "Record a use of force (Use of Force Act 2018 s6): every item (a)–(p) unless negligible (then why), positions with their times, chemical with route, mechanical, staff with job titles; returns it with its duration, prone minutes and flag (over 10), and data set codes.";
    "get_use_of_force", true, restrictive::get_use_of_force, "UseOfForceInput" => "UseOfForceView", "validation, not_found, forbidden", "A use of force record with its duration, prone minutes and flag, and data set codes.";
    "ward_use_of_force", true, restrictive::ward_use_of_force, "WardUseOfForceInput" => "UseOfForceView[]", "validation, not_found, forbidden", "A ward's use of force records, newest first, in a London month (YYYY-MM) or all of them.";
    "purge_use_of_force", true, restrictive::purge_use_of_force, "PurgeUseOfForceInput" => "PurgedUseOfForce", "validation, not_found, forbidden, invalid_state", "Administrator: purge a use of force record kept 3 years (marked deleted, the patient's name and NHS number blanked on the record and in its earlier changes on every device and the server, who, when and why kept in the change log); refused before then.";
    "purgeable_use_of_force", true, restrictive::purgeable_use_of_force, "PurgeableInput" => "PurgeableList", "validation, forbidden", "Administrator: the use of force records kept 3 years that may be purged now, oldest first (at most `limit`, 100 by default), with how many there are: ward and dates only, never the patient or what happened.";
    "add_blanket_restriction", true, restrictive::add_blanket_restriction, "AddBlanketRestrictionInput" => "BlanketRestrictionView", "validation, not_found, forbidden", "Ward manager or matron: add a blanket restriction to a ward's register (restriction, reason, who approved it and when, review date).";
    "review_blanket_restriction", true, restrictive::review_blanket_restriction, "ReviewBlanketRestrictionInput" => "BlanketRestrictionView", "validation, not_found, forbidden, invalid_state", "Ward manager or matron: review a blanket restriction still in place, with a note and the next review date.";
    "lift_blanket_restriction", true, restrictive::lift_blanket_restriction, "LiftBlanketRestrictionInput" => "BlanketRestrictionView", "validation, not_found, forbidden, invalid_state", "Ward manager or matron: lift a blanket restriction (today or a past date), with the reason.";
    "blanket_restrictions", true, restrictive::blanket_restrictions, "BlanketRestrictionsInput" => "BlanketRestrictionView[]", "validation, not_found, forbidden", "The blanket restrictions register of a ward or of every ward I may see: in place first, the most overdue review first, each flagged when its review date has passed; then the lifted ones.";
    "restrictive_report", true, restrictive::restrictive_report, "RestrictiveReportInput" => "RestrictiveReport", "validation, not_found, forbidden", "Governance, matron or ward manager: per ward and London month (at most 24), seclusion and segregation counts and durations, restraint by type, prone under/over 10 minutes, review compliance rates and uses of force by protected characteristic, with totals by month and for the period; for a ward, a site or every ward I may see.";
    "restrictive_report_csv", true, restrictive::restrictive_report_csv, "RestrictiveReportInput" => "ReportFile", "validation, not_found, forbidden", "The restrictive practice report as CSV: one row per ward, month and measure, with the MHSDS restrictive intervention code; the file says what it holds and when it was produced.";
    "sync_status", false, crate::sync::sync_status, "{}" => "SyncStatus", "—", "Whether this device is up to date with the trust's server, syncing, offline or in error, and what to do.";
    "connect_to_server", false, crate::sync::connect_to_server, "ConnectInput" => "SyncStatus", "validation, unavailable, forbidden, invalid_state", "Connect this device to the trust's server with a one-time code (a new device, or an administrator).";
    "sync_now", false, crate::sync::sync_now, "{}" => "SyncStatus", "—", "Push and pull now instead of waiting.";
    "list_conflicts", true, crate::sync::list_conflicts, "{}" => "ConflictView[]", "unauthenticated", "Open conflicts on my wards, with every value side by side.";
    "resolve_conflict", true, crate::sync::resolve_conflict, "ResolveConflictInput" => "ConflictView", "validation, not_found, forbidden", "Keep one of a conflict's values; the choice syncs to every device.";
    "issue_enrolment_code", true, crate::sync::issue_enrolment_code, "IssueCodeInput" => "EnrolmentCode", "validation, forbidden, unavailable, invalid_state", "Administrator: a one-time code to connect another device for some wards.";
}

pub(crate) fn find(name: &str) -> Option<&'static CommandInfo> {
    COMMANDS.iter().find(|c| c.name == name)
}

pub fn command_names() -> Vec<&'static str> {
    COMMANDS.iter().map(|c| c.name).collect()
}

/// The command list as Markdown (docs/commands.md is generated from this).
pub fn commands_markdown() -> String {
    let mut out = String::from(
        "# Commands\n\nGenerated from the command registry (`crates/wardsafe-commands/src/registry.rs`) by \
         `UPDATE_DOCS=1 cargo test -p wardsafe-commands --test docs`; a test fails when it drifts.\n\n\
         Every command takes a JSON input and returns a JSON output, or an error `{code, message, field?}`. \
         The types are in `ui/src/generated/bindings.ts`. Over HTTP: `POST /api/<name>` with \
         `Authorization: Bearer <launch token>` and, once signed in, `X-Wardsafe-Session: <session>`. \
         In the desktop app: `invoke('call', {command, input, session})`.\n\n\
         Error codes: `validation` (bad input; `field` names it), `not_found`, `unauthenticated`, `forbidden` \
         (the role may not), `invalid_state` (e.g. a second sign-off), `duplicate`, `unknown_command`, \
         `newer_database`, `unavailable` (the trust's server cannot be reached or refused), `storage`, `internal`. Any command may also return `storage` or `internal`.\n\n\
         | command | session | input | output | errors | what it does |\n|---|---|---|---|---|---|\n",
    );
    for c in COMMANDS {
        out.push_str(&format!(
            "| `{}` | {} | `{}` | `{}` | {} | {} |\n",
            c.name,
            if c.needs_session { "yes" } else { "no" },
            c.input,
            c.output,
            c.errors,
            c.summary
        ));
    }
    out
}

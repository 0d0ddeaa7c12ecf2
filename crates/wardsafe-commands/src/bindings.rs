//! TypeScript types for the UI, generated from the Rust command types
//! (DESIGN.md §1 rule 5). `ui/src/generated/bindings.ts` is committed; a test
//! fails when it drifts from what this produces.

use ts_rs::{Config, TS};

macro_rules! decls {
    ($cfg:expr; $($t:ty),+ $(,)?) => {{
        let mut out = Vec::new();
        $( out.push(format!("export {}", <$t as TS>::decl($cfg))); )+
        out
    }};
}

/// The whole bindings file.
pub fn typescript_bindings() -> String {
    use crate::{actions, audits, builtin, demo, ligature, photos, places, report, restrictive, session, sync};
    use wardsafe_domain as d;
    use wardsafe_domain::views::*;
    let cfg = Config::new();
    let decls = decls!(&cfg;
        d::AppError, d::ErrorCode,
        d::risk::Band, d::risk::RiskCell, d::risk::Risk,
        d::place::Specialty, d::place::AreaType, d::place::Tier,
        d::ligature::FixtureType, d::ligature::HeightBand, d::ligature::PointStatus, d::ligature::Control,
        d::role::Role, d::role::RoleGrant,
        d::template::TemplateKind, d::template::Scope, d::template::QuestionKind, d::template::Question, d::template::Section, d::template::Template,
        d::summary::Change, d::summary::Count<()>,
        d::vocab::Choice,
        UserInfo, Site, Ward, Area, WardSummary, AreaSummary, WardOverview, AuditStatus, AuditListItem, TemplateSummary,
        Answer, Assessment, LigaturePoint, RegisterEntry, AuditPoint, Amendment, AuditView, FailedItem, PointChange,
        AuditSummary, PhotoInfo, ReferenceData,
        session::AppStatus, session::SignInInput, session::SignedIn, session::NewUserInput,
        places::NameInput, places::CreateWardInput, places::CreateAreaInput, places::WardInput,
        builtin::ImportTemplateInput, builtin::TemplateInput,
        audits::StartAuditInput, audits::AuditInput, audits::SaveAnswerInput, audits::AmendAnswerInput,
        ligature::AssessmentInput, ligature::AddPointInput, ligature::AssessPointInput,
        photos::UploadPhotoInput, photos::PhotoInput, photos::PhotoData,
        report::ReportFile, demo::DemoLoaded,
        sync::SyncState, sync::SyncStatus, sync::ConnectInput, sync::ConflictCandidate, sync::ConflictView,
        sync::ResolveConflictInput, sync::IssueCodeInput, sync::EnrolmentCode,
        d::remediation::ActionStatus, d::remediation::TransitionKind, d::remediation::OwnerTeam, d::remediation::Trade,
        d::remediation::ActionSource, d::remediation::interim::InterimControlKind, d::remediation::policy::RemediationPolicy,
        d::remediation::views::InterimControlView, d::remediation::views::ActionView, d::remediation::views::ActionEventView,
        d::remediation::views::ActionDetail, d::remediation::views::WardActions, d::remediation::views::QueuePage,
        d::remediation::stats::CloseStats, d::remediation::views::BandTierCount, d::remediation::views::MonthTrend,
        d::remediation::views::WardRiskRow, d::remediation::views::RiskDashboard, actions::DashboardInput,
        actions::RaiseActionInput, actions::ActionInput, actions::EditActionInput, actions::StepInput, actions::AssignInput,
        actions::AddInterimInput, actions::ControlInput, actions::QueueInput,
        d::remediation::notices::NoticeKind, d::remediation::notices::Notice, d::remediation::notices::Notices,
        actions::NoticesInput,
        d::restrictive::EpisodeKind, d::restrictive::ClinicalRole, d::restrictive::ReviewKind, d::restrictive::EpisodeEnding,
        d::restrictive::NhsNumber, d::restrictive::Episode, d::restrictive::Observation, d::restrictive::Review,
        d::restrictive::EpisodeTimeline, d::restrictive::EpisodeSpan, d::restrictive::RuleId, d::restrictive::Interval,
        d::restrictive::Trigger, d::restrictive::ReviewRule, d::restrictive::ReviewRules,
        d::restrictive::ComplianceState, d::restrictive::Occurrence, d::restrictive::Requirement, d::restrictive::Compliance,
        d::restrictive::ComplianceRequest,
        d::restrictive::views::SignOff, d::restrictive::views::EpisodeView, d::restrictive::views::RecordedBy,
        d::restrictive::views::EpisodeDetail, d::restrictive::views::BoardTime, d::restrictive::views::BoardEntry,
        d::restrictive::views::MatronBoard, d::restrictive::views::EndedEpisode, d::restrictive::views::WardEpisodes,
        d::restrictive::notices::ReviewNoticeKind, d::restrictive::notices::ReviewNotice,
        d::restrictive::restraint::ForceType, d::restrictive::restraint::Route, d::restrictive::restraint::PositionChange,
        d::restrictive::restraint::ChemicalRestraint, d::restrictive::restraint::MechanicalRestraint,
        d::restrictive::use_of_force::StaffInvolved, d::restrictive::use_of_force::IfKnown,
        d::restrictive::use_of_force::ProtectedCharacteristics, d::restrictive::use_of_force::LdAutism,
        d::restrictive::use_of_force::UseOfForce, d::restrictive::force_views::UseOfForceView, d::restrictive::force_views::PurgeableUseOfForce,
        d::restrictive::force_views::PurgeableList,
        restrictive::RecordUseOfForceInput, restrictive::UseOfForceInput, restrictive::WardUseOfForceInput,
        restrictive::PurgeUseOfForceInput, restrictive::PurgedUseOfForce, restrictive::PurgeableInput,
        d::restrictive::blanket::BlanketRestriction, d::restrictive::force_views::BlanketRestrictionView,
        restrictive::AddBlanketRestrictionInput, restrictive::ReviewBlanketRestrictionInput,
        restrictive::LiftBlanketRestrictionInput, restrictive::BlanketRestrictionsInput,
        d::restrictive::report::EpisodeStats, d::restrictive::report::RestraintStats,
        d::restrictive::report::RuleCompliance, d::restrictive::report::Measures, d::restrictive::report::ReportRow,
        d::restrictive::report::RestrictiveReport, restrictive::RestrictiveReportInput,
        restrictive::StartSeclusionInput, restrictive::StartSegregationInput, restrictive::EpisodeInput,
        restrictive::EndEpisodeInput, restrictive::ObservationInput, restrictive::ReviewInput, restrictive::BoardInput,
        restrictive::SignOffInput, restrictive::WardEpisodesInput,
    );
    let names: Vec<String> = crate::COMMANDS.iter().map(|c| format!("  | \"{}\"", c.name)).collect();
    format!(
        "// Generated from the Rust command types by `cargo test -p wardsafe-commands` \
         (set UPDATE_BINDINGS=1 to rewrite). Do not edit.\n\n{}\n\n/** Every command the backend accepts. */\nexport type CommandName =\n{};\n",
        decls.join("\n\n"),
        names.join("\n")
    )
}

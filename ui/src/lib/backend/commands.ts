// The typed map from every backend command to its input and output types.
// Types come from the generated bindings; this file only pairs them up.
import type * as B from '../../generated/bindings';

/** Input of a command that takes none. */
export type Empty = Record<string, never>;

/**
 * What actually travels as JSON. The generator may write Rust's i64 as
 * `bigint`, but JSON carries plain numbers, so the UI sends and receives `number`.
 */
export type Json<T> = T extends bigint
  ? number
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export interface CommandTypes {
  app_status: [Empty, B.AppStatus];
  reference_data: [Empty, B.ReferenceData];
  load_demo: [Empty, B.DemoLoaded];
  create_first_admin: [B.NewUserInput, B.SignedIn];
  sign_in: [B.SignInInput, B.SignedIn];
  sign_out: [Empty, null];
  whoami: [Empty, B.UserInfo];
  create_site: [B.NameInput, B.Site];
  create_ward: [B.CreateWardInput, B.Ward];
  create_area: [B.CreateAreaInput, B.Area];
  create_user: [B.NewUserInput, B.UserInfo];
  list_users: [Empty, B.UserInfo[]];
  list_sites: [Empty, B.Site[]];
  list_my_wards: [Empty, B.WardSummary[]];
  ward_overview: [B.WardInput, B.WardOverview];
  list_areas: [B.WardInput, B.Area[]];
  ligature_register: [B.WardInput, B.RegisterEntry[]];
  list_templates: [Empty, B.TemplateSummary[]];
  import_template: [B.ImportTemplateInput, B.TemplateSummary];
  publish_template: [B.TemplateInput, B.TemplateSummary];
  start_audit: [B.StartAuditInput, B.AuditView];
  get_audit: [B.AuditInput, B.AuditView];
  list_audits: [B.WardInput, B.AuditListItem[]];
  save_answer: [B.SaveAnswerInput, B.Answer];
  add_ligature_point: [B.AddPointInput, B.AuditPoint];
  assess_ligature_point: [B.AssessPointInput, B.AuditPoint];
  complete_audit: [B.AuditInput, B.AuditSummary];
  audit_summary: [B.AuditInput, B.AuditSummary];
  sign_off_audit: [B.AuditInput, B.AuditListItem];
  amend_answer: [B.AmendAnswerInput, B.Amendment];
  upload_photo: [B.UploadPhotoInput, B.PhotoInfo];
  get_photo: [B.PhotoInput, B.PhotoData];
  audit_report_pdf: [B.AuditInput, B.ReportFile];
  register_report_pdf: [B.WardInput, B.ReportFile];
  raise_action: [B.RaiseActionInput, B.ActionView];
  get_action: [B.ActionInput, B.ActionDetail];
  edit_action: [B.EditActionInput, B.ActionView];
  action_step: [B.StepInput, B.ActionView];
  assign_actions: [B.AssignInput, B.ActionView[]];
  add_interim_control: [B.AddInterimInput, B.ActionView];
  end_interim_control: [B.ControlInput, B.ActionView];
  ward_actions: [B.WardInput, B.WardActions];
  estates_queue: [B.QueueInput, B.QueuePage];
  assignable_users: [B.WardInput, B.UserInfo[]];
  my_notices: [B.NoticesInput, B.Notices];
  risk_dashboard: [B.DashboardInput, B.RiskDashboard];
  export_register_csv: [B.WardInput, B.ReportFile];
  export_actions_csv: [B.DashboardInput, B.ReportFile];
  get_policy: [Empty, B.RemediationPolicy];
  set_policy: [B.RemediationPolicy, B.RemediationPolicy];
  start_seclusion: [B.StartSeclusionInput, B.EpisodeDetail];
  start_segregation: [B.StartSegregationInput, B.EpisodeDetail];
  record_observation: [B.ObservationInput, B.EpisodeDetail];
  record_review: [B.ReviewInput, B.EpisodeDetail];
  end_episode: [B.EndEpisodeInput, B.EpisodeDetail];
  get_episode: [B.EpisodeInput, B.EpisodeDetail];
  matron_board: [B.BoardInput, B.MatronBoard];
  ward_episodes: [B.WardEpisodesInput, B.WardEpisodes];
  sign_off_episode: [B.SignOffInput, B.EpisodeDetail];
  get_review_rules: [Empty, B.ReviewRules];
  set_review_rules: [B.ReviewRules, B.ReviewRules];
  evaluate_compliance: [B.ComplianceRequest, B.Compliance];
  record_use_of_force: [B.RecordUseOfForceInput, B.UseOfForceView];
  get_use_of_force: [B.UseOfForceInput, B.UseOfForceView];
  ward_use_of_force: [B.WardUseOfForceInput, B.UseOfForceView[]];
  purge_use_of_force: [B.PurgeUseOfForceInput, B.PurgedUseOfForce];
  purgeable_use_of_force: [B.PurgeableInput, B.PurgeableList];
  add_blanket_restriction: [B.AddBlanketRestrictionInput, B.BlanketRestrictionView];
  review_blanket_restriction: [B.ReviewBlanketRestrictionInput, B.BlanketRestrictionView];
  lift_blanket_restriction: [B.LiftBlanketRestrictionInput, B.BlanketRestrictionView];
  blanket_restrictions: [B.BlanketRestrictionsInput, B.BlanketRestrictionView[]];
  restrictive_report: [B.RestrictiveReportInput, B.RestrictiveReport];
  restrictive_report_csv: [B.RestrictiveReportInput, B.ReportFile];
  sync_status: [Empty, B.SyncStatus];
  connect_to_server: [B.ConnectInput, B.SyncStatus];
  sync_now: [Empty, B.SyncStatus];
  list_conflicts: [Empty, B.ConflictView[]];
  resolve_conflict: [B.ResolveConflictInput, B.ConflictView];
  issue_enrolment_code: [B.IssueCodeInput, B.EnrolmentCode];
}

// Fails to compile when the generated command list and this map drift apart.
type Same<A, C> = [A] extends [C] ? ([C] extends [A] ? true : false) : false;
export const everyCommandIsTyped: Same<keyof CommandTypes, B.CommandName> = true;

export type CommandInput<C extends B.CommandName> = Json<CommandTypes[C][0]>;
export type CommandOutput<C extends B.CommandName> = Json<CommandTypes[C][1]>;

/** Commands that work without a session (as `needs_session: false` in the registry). */
export const SESSIONLESS: readonly B.CommandName[] = [
  'app_status',
  'reference_data',
  'load_demo',
  'create_first_admin',
  'sign_in',
  'sync_status',
  'connect_to_server',
  'sync_now',
];

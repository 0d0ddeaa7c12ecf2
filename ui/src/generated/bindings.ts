// Generated from the Rust command types by `cargo test -p wardsafe-commands` (set UPDATE_BINDINGS=1 to rewrite). Do not edit.

export type AppError = { code: ErrorCode, message: string, field?: string | null, };

export type ErrorCode = "validation" | "not_found" | "unauthenticated" | "forbidden" | "invalid_state" | "duplicate" | "unknown_command" | "newer_database" | "storage" | "unavailable" | "internal";

export type Band = "low" | "moderate" | "high" | "extreme";

export type RiskCell = { likelihood: number, consequence: number, score: number, band: Band, };

export type Risk = { likelihood: number, consequence: number, };

export type Specialty = "acute" | "picu" | "ld" | "forensic" | "older_adult" | "camhs";

export type AreaType = "bedroom" | "en_suite" | "bathroom" | "toilet" | "lounge" | "dining" | "kitchen" | "corridor" | "garden" | "seclusion_room" | "de_escalation" | "clinic_room" | "activity_room" | "laundry" | "office" | "other";

export type Tier = "1" | "2" | "3";

export type FixtureType = "door" | "door_handle" | "hinge" | "door_closer" | "window" | "window_restrictor" | "curtain_rail" | "shower" | "tap" | "basin" | "wc" | "radiator_pipe" | "light_fitting" | "smoke_detector" | "furniture" | "bed" | "wardrobe" | "tv_bracket" | "garden_fence" | "other";

export type HeightBand = "floor_to_1m" | "1m_to_2m" | "above_2m";

export type PointStatus = "open" | "mitigated" | "removed" | "accepted";

export type Control = "staff_vigilance" | "observation" | "area_locked" | "supervised" | "anti_ligature_product" | "load_release" | "fitting_removed" | "room_closed" | "other";

export type Role = "ward_staff" | "ward_manager" | "matron" | "estates" | "governance" | "administrator";

export type RoleGrant = { role: Role, 
/**
 * None: every ward of the trust.
 */
wardId?: string | null, };

export type TemplateKind = "ligature_walkround" | "checklist";

export type Scope = "per_area" | "ward";

export type QuestionKind = "yes_no_na" | "number" | "choice" | "text";

export type Question = { id: string, text: string, kind: QuestionKind, critical: boolean, required: boolean, choices: Array<string>, 
/**
 * Choices that count as a failure.
 */
failChoices: Array<string>, 
/**
 * For numbers: the safe range; outside it is a failure.
 */
min?: number | null, max?: number | null, unit?: string | null, 
/**
 * A failed answer needs a comment before the audit can be completed.
 */
commentOnFail: boolean, 
/**
 * A failed answer needs a photo before the audit can be completed.
 */
photoOnFail: boolean, help?: string | null, };

export type Section = { id: string, title: string, 
/**
 * Area types this section is asked for; empty means every area.
 */
appliesTo: Array<AreaType>, questions: Array<Question>, };

export type Template = { key: string, version: number, name: string, kind: TemplateKind, scope: Scope, description?: string | null, sections: Array<Section>, };

export type Change = "new" | "unchanged" | "worse" | "better" | "resolved" | "not_reassessed";

export type Count<K> = { key: K, count: number, };

export type Choice = { value: string, label: string, };

export type UserInfo = { id: string, username: string, displayName: string, roles: Array<RoleGrant>, };

export type Site = { id: string, name: string, };

export type Ward = { id: string, siteId: string, siteName: string, name: string, specialty: Specialty, };

export type Area = { id: string, wardId: string, name: string, areaType: AreaType, tier: Tier, };

export type WardSummary = { ward: Ward, areaCount: number, openPoints: number, openByBand: Array<Count<Band>>, lastWalkround?: AuditListItem | null, 
/**
 * A walk-round or check that was started and not yet completed.
 */
inProgress: Array<AuditListItem>, };

export type AreaSummary = { area: Area, openPoints: number, highestBand?: Band | null, };

export type WardOverview = { ward: Ward, areas: Array<AreaSummary>, openByBand: Array<Count<Band>>, openByTier: Array<Count<Tier>>, audits: Array<AuditListItem>, };

export type AuditStatus = "in_progress" | "completed" | "signed_off";

export type AuditListItem = { id: string, wardId: string, templateName: string, templateVersion: number, kind: TemplateKind, status: AuditStatus, startedAt: string, startedBy: string, completedAt?: string | null, signedOffAt?: string | null, signedOffBy?: string | null, };

export type TemplateSummary = { id: string, key: string, version: number, name: string, kind: TemplateKind, status: string, };

export type Answer = { id: string, areaId?: string | null, questionId: string, value: string, comment?: string | null, photoIds: Array<string>, failed: boolean, answeredAt: string, answeredBy: string, };

export type Assessment = { id: string, pointId: string, auditId?: string | null, risk: RiskCell, residual?: RiskCell | null, controls: Array<string>, status: PointStatus, acceptedReason?: string | null, approver?: string | null, notes?: string | null, photoIds: Array<string>, assessedAt: string, assessedBy: string, };

export type LigaturePoint = { id: string, wardId: string, areaId: string, fixtureType: FixtureType, location: string, heightBand: HeightBand, collapsible: boolean, loadTestDate?: string | null, 
/**
 * Set when the fitting is collapsible and its load test is over 12 months old.
 */
loadTestOverdue: boolean, status: PointStatus, createdAt: string, 
/**
 * The latest assessment.
 */
latest?: Assessment | null, };

export type RegisterEntry = { point: LigaturePoint, areaName: string, areaType: AreaType, tier: Tier, };

export type AuditPoint = { point: LigaturePoint, assessment?: Assessment | null, previous?: Assessment | null, };

export type Amendment = { id: string, auditId: string, answerId: string, questionId: string, originalValue: string, originalComment?: string | null, value: string, comment?: string | null, reason: string, amendedAt: string, amendedBy: string, };

export type AuditView = { audit: AuditListItem, ward: Ward, template: Template, areas: Array<Area>, answers: Array<Answer>, points: Array<AuditPoint>, amendments: Array<Amendment>, };

export type FailedItem = { areaName?: string | null, questionId: string, questionText: string, value: string, critical: boolean, };

export type PointChange = { pointId: string, areaName: string, fixtureType: FixtureType, location: string, change: Change, before?: number | null, after?: number | null, };

export type AuditSummary = { audit: AuditListItem, ward: Ward, answered: number, failed: number, openByBand: Array<Count<Band>>, openByTier: Array<Count<Tier>>, failedCritical: Array<FailedItem>, failedOther: Array<FailedItem>, changes: Array<Count<Change>>, pointChanges: Array<PointChange>, previousAudit?: AuditListItem | null, };

export type PhotoInfo = { id: string, sha256: string, mime: string, size: number, };

export type ReferenceData = { riskMatrix: Array<RiskCell>, fixtureTypes: Array<Choice>, heightBands: Array<Choice>, pointStatuses: Array<Choice>, controls: Array<Choice>, areaTypes: Array<Choice>, specialties: Array<Choice>, tiers: Array<Choice>, roles: Array<Choice>, };

export type AppStatus = { 
/**
 * False on first run: the UI offers the demo trust or a new trust.
 */
hasUsers: boolean, version: string, schemaVersion: number, deviceId: string, };

export type SignInInput = { username: string, password: string, };

export type SignedIn = { 
/**
 * Pass this as the session with every later command.
 */
session: string, user: UserInfo, };

export type NewUserInput = { username: string, displayName: string, password: string, roles: Array<RoleGrant>, };

export type NameInput = { name: string, };

export type CreateWardInput = { siteId: string, name: string, specialty: Specialty, };

export type CreateAreaInput = { wardId: string, name: string, areaType: AreaType, 
/**
 * Defaults to the tier CQC suggests for the area type.
 */
tier?: Tier | null, };

export type WardInput = { wardId: string, };

export type ImportTemplateInput = { 
/**
 * The template file's text (JSON).
 */
json: string, 
/**
 * Keep it as a draft to review; `publish_template` makes it live.
 */
draft: boolean, };

export type TemplateInput = { templateId: string, };

export type StartAuditInput = { wardId: string, 
/**
 * `ligature-walkround` or `daily-safety-check`, or an imported template's key.
 */
templateKey: string, };

export type AuditInput = { auditId: string, };

export type SaveAnswerInput = { auditId: string, 
/**
 * The area, for walk-round questions; absent for ward-wide checks.
 */
areaId?: string | null, questionId: string, value: string, comment?: string | null, photoIds: Array<string>, };

export type AmendAnswerInput = { auditId: string, answerId: string, value: string, comment?: string | null, reason: string, };

export type AssessmentInput = { likelihood: number, consequence: number, residualLikelihood?: number | null, residualConsequence?: number | null, controls: Array<string>, status: PointStatus, acceptedReason?: string | null, approver?: string | null, notes?: string | null, photoIds: Array<string>, };

export type AddPointInput = { auditId: string, areaId: string, fixtureType: FixtureType, location: string, heightBand: HeightBand, collapsible: boolean, 
/**
 * `YYYY-MM-DD`, for collapsible / load-release fittings.
 */
loadTestDate?: string | null, assessment: AssessmentInput, };

export type AssessPointInput = { auditId: string, pointId: string, assessment: AssessmentInput, };

export type UploadPhotoInput = { 
/**
 * The image file, base64-encoded.
 */
dataBase64: string, };

export type PhotoInput = { photoId: string, };

export type PhotoData = { mime: string, dataBase64: string, };

export type ReportFile = { fileName: string, mime: string, dataBase64: string, 
/**
 * What the file holds and when it was produced, for the person saving it.
 */
description?: string | null, };

export type DemoLoaded = { wards: number, 
/**
 * Demo sign-ins: every user has the same password.
 */
usernames: Array<string>, password: string, };

export type SyncState = "standalone" | "up_to_date" | "syncing" | "offline" | "error" | "revoked";

export type SyncStatus = { state: SyncState, 
/**
 * Changes saved here that the server has not yet taken.
 */
waiting: number, 
/**
 * Progress of a long sync (e.g. the first one), when there is one.
 */
done: number | null, total: number | null, lastSyncedAt: string | null, 
/**
 * What is wrong, in words, when offline or in error.
 */
message: string | null, 
/**
 * What to do about it.
 */
action: string | null, serverUrl: string | null, openConflicts: number, 
/**
 * Changes the server refused (kept on this device).
 */
refused: number, 
/**
 * Changes from other devices received since the app started: when it
 * grows, screens showing records load them again.
 */
received: number, };

export type ConnectInput = { 
/**
 * e.g. `https://wardsafe.trust.nhs.uk`
 */
serverUrl: string, 
/**
 * The one-time enrolment code from the administrator.
 */
code: string, 
/**
 * A name to tell this device apart, e.g. "Cedar Ward tablet".
 */
deviceName: string, };

export type ConflictCandidate = { 
/**
 * The value as people read it.
 */
shown: string, 
/**
 * Who made it, when and on which device.
 */
by: string | null, at: string, };

export type ConflictView = { id: string, wardId: string | null, wardName: string | null, 
/**
 * "field" (two values of one field) or "delete_edit" (deleted on one device, edited on another).
 */
kind: string, entity: string, 
/**
 * e.g. "Ligature point: door handle, Bedroom 1".
 */
record: string, field: string | null, 
/**
 * e.g. "Status".
 */
fieldLabel: string | null, candidates: Array<ConflictCandidate>, createdAt: string, };

export type ResolveConflictInput = { conflictId: string, 
/**
 * Which candidate to keep (0-based, as listed).
 */
choice: number, };

export type IssueCodeInput = { wardIds: Array<string>, allWards: boolean, };

export type EnrolmentCode = { code: string, expiresAt: string, };

export type ActionStatus = "draft" | "open" | "assigned" | "in_progress" | "completed" | "verified" | "merged" | "dismissed";

export type TransitionKind = "confirm" | "merge" | "dismiss" | "assign" | "start" | "complete" | "verify" | "reject";

export type OwnerTeam = "estates" | "ward" | "facilities";

export type Trade = "general" | "joinery" | "plumbing" | "electrical" | "glazing" | "decorating" | "flooring" | "grounds" | "locksmith" | "mechanical" | "fire_safety" | "furniture";

export type ActionSource = "failed_question" | "ligature_point" | "direct";

export type InterimControlKind = "room_closed" | "one_to_one_observation" | "increased_observation" | "fitting_removed" | "area_locked" | "area_supervised" | "staff_vigilance" | "other";

export type RemediationPolicy = { 
/**
 * Extreme: an interim control the same day, and the fix within these days.
 */
extremeDays: number, highDays: number, moderateDays: number, lowDays: number, 
/**
 * Staff vigilance may be the only control for at most these days.
 */
vigilanceOnlyDays: number, };

export type InterimControlView = { id: string, kind: InterimControlKind, detail: string, startedAt: string, 
/**
 * Europe/London date, `YYYY-MM-DD`.
 */
reviewDate: string, endedAt?: string | null, reviewOverdue: boolean, };

export type ActionView = { id: string, wardId: string, wardName: string, siteId: string, siteName: string, areaId?: string | null, areaName?: string | null, pointId?: string | null, auditId?: string | null, source: ActionSource, title: string, detail: string, band: Band, ownerTeam: OwnerTeam, trade: Trade, status: ActionStatus, assigneeId?: string | null, assigneeName?: string | null, 
/**
 * Europe/London date, `YYYY-MM-DD`.
 */
dueDate: string, overdue: boolean, capitalRef?: string | null, mergedInto?: string | null, raisedByName: string, raisedAt: string, completedBy?: string | null, completedAt?: string | null, verifiedAt?: string | null, interimControls: Array<InterimControlView>, 
/**
 * "Staff vigilance" has been the only control for longer than policy allows.
 */
vigilanceOnlyFlag: boolean, 
/**
 * An extreme risk with no interim control by the end of the day it was raised.
 */
interimControlMissing: boolean, 
/**
 * The steps the person looking may take now.
 */
available: Array<TransitionKind>, };

export type ActionEventView = { id: string, 
/**
 * A step (`confirm`, `assign`, …), `raised`, `edited`, `due_date`, `capital_ref`, `interim_added`, `interim_ended`.
 */
kind: string, fromStatus?: ActionStatus | null, toStatus?: ActionStatus | null, at: string, byName: string, reason?: string | null, note?: string | null, assigneeName?: string | null, dueDate?: string | null, photoIds: Array<string>, };

export type ActionDetail = { action: ActionView, 
/**
 * Oldest first.
 */
timeline: Array<ActionEventView>, };

export type WardActions = { 
/**
 * Drafts from walk-rounds, to confirm, merge or dismiss.
 */
drafts: Array<ActionView>, 
/**
 * Open, assigned and in progress, highest band first, then by due date.
 */
open: Array<ActionView>, 
/**
 * Completed, waiting for a ward manager or matron to verify.
 */
awaitingVerification: Array<ActionView>, 
/**
 * Verified, merged or dismissed in the last 90 days.
 */
recentlyClosed: Array<ActionView>, overdue: number, interimReviewsDue: number, vigilanceOnly: number, };

export type QueuePage = { items: Array<ActionView>, 
/**
 * How many match the filters in all.
 */
total: number, offset: number, };

export type CloseStats = { band: Band, count: number, medianDays?: number | null, p90Days?: number | null, };

export type BandTierCount = { band: Band, tier: Tier, count: number, };

export type MonthTrend = { 
/**
 * `YYYY-MM`.
 */
month: string, raised: number, closed: number, 
/**
 * Not yet verified at the end of the month (now, for this month).
 */
openAtEnd: number, overdueAtEnd: number, };

export type WardRiskRow = { wardId: string, wardName: string, siteId: string, siteName: string, openExtreme: number, openHigh: number, outstandingActions: number, overdueActions: number, vigilanceOnly: number, };

export type RiskDashboard = { 
/**
 * "Cedar Ward", "Northgate Hospital", or "The whole trust".
 */
scope: string, generatedAt: string, 
/**
 * Open ligature points (open or mitigated) by their current band and their area's tier.
 */
openPoints: Array<BandTierCount>, 
/**
 * Actions not yet verified, merged or dismissed (drafts aside), by band.
 */
outstandingByBand: Array<Count<Band>>, overdue: number, awaitingVerification: number, vigilanceOnly: number, 
/**
 * Days from raised to verified, actions verified in the last 12 months.
 */
closeStats: Array<CloseStats>, 
/**
 * The last 12 months, oldest first.
 */
trend: Array<MonthTrend>, 
/**
 * Extreme and high actions still outstanding, longest open first (at most 10).
 */
longestOpen: Array<ActionView>, 
/**
 * Each ward in scope (one for a ward dashboard).
 */
wards: Array<WardRiskRow>, };

export type DashboardInput = { 
/**
 * One ward; or
 */
wardId?: string | null, 
/**
 * one site's wards; neither: every ward I may see.
 */
siteId?: string | null, };

export type RaiseActionInput = { wardId: string, areaId?: string | null, 
/**
 * The ligature point this action is about, if any.
 */
pointId?: string | null, title: string, detail: string, band: Band, ownerTeam: OwnerTeam, trade: Trade, 
/**
 * `YYYY-MM-DD`; the policy's date for the band when absent.
 */
dueDate?: string | null, 
/**
 * Needed for a due date in the past.
 */
reason?: string | null, };

export type ActionInput = { actionId: string, };

export type EditActionInput = { actionId: string, title?: string | null, detail?: string | null, band?: Band | null, ownerTeam?: OwnerTeam | null, trade?: Trade | null, dueDate?: string | null, reason?: string | null, 
/**
 * A capital-project reference, when the fix needs one (estates may set it).
 */
capitalRef?: string | null, };

export type StepInput = { actionId: string, step: TransitionKind, 
/**
 * Dismiss and reject: why.
 */
reason?: string | null, 
/**
 * Complete: what was done.
 */
note?: string | null, 
/**
 * Complete: photos of the work (from `upload_photo`).
 */
photoIds: Array<string>, 
/**
 * Assign: to whom (someone with the estates role for the ward).
 */
assigneeId?: string | null, 
/**
 * Merge: the action this draft is folded into.
 */
mergeInto?: string | null, 
/**
 * Verify, for an action about a ligature point: the point's status now (removed or mitigated)…
 */
pointStatus?: PointStatus | null, 
/**
 * …and its residual score with the fix in place.
 */
residualLikelihood?: number | null, residualConsequence?: number | null, };

export type AssignInput = { actionIds: Array<string>, assigneeId: string, };

export type AddInterimInput = { actionId: string, kind: InterimControlKind, detail: string, 
/**
 * `YYYY-MM-DD` (London): when someone checks it is still right.
 */
reviewDate: string, };

export type ControlInput = { controlId: string, };

export type QueueInput = { siteId?: string | null, wardId?: string | null, trade?: Trade | null, 
/**
 * None: everything not yet verified (open, assigned, in progress, completed).
 */
statuses: Array<ActionStatus>, overdueOnly: boolean, 
/**
 * Only the actions assigned to me.
 */
mine: boolean, offset: number, 
/**
 * At most 200 (default 50).
 */
limit?: number | null, };

export type NoticeKind = "assigned_to_me" | "overdue" | "awaiting_my_verification";

export type Notice = { 
/**
 * Stable for one event: notify once per key.
 */
key: string, kind: NoticeKind, actionId: string, wardName: string, title: string, band: Band, 
/**
 * YYYY-MM-DD.
 */
dueDate: string, };

export type Notices = { 
/**
 * Most urgent first (verification, overdue, assigned; then band, then due date), at most `limit`.
 */
items: Array<Notice>, 
/**
 * How many there are in all.
 */
total: number, 
/**
 * Seclusion and segregation reviews due soon or missed on the wards I
 * record them for (`restrictive::notices`), most urgent first.
 */
reviews: Array<ReviewNotice>, };

export type NoticesInput = { 
/**
 * At most 200 (default 50).
 */
limit?: number | null, };

export type EpisodeKind = "seclusion" | "long_term_segregation";

export type ClinicalRole = "registered_nurse" | "healthcare_assistant" | "doctor" | "approved_clinician" | "other_professional" | "independent_clinician";

export type ReviewKind = "nursing" | "medical" | "internal_mdt" | "independent_mdt" | "approved_clinician" | "external_review" | "advocate_informed" | "commissioner_informed" | "care_plan";

export type EpisodeEnding = "ended_at_review" | "moved_to_long_term_segregation" | "moved_to_seclusion" | "transferred" | "medical_emergency" | "other";

export type NhsNumber = string;

export type Episode = { id: string, kind: EpisodeKind, patientId: string, wardId: string, 
/**
 * The seclusion room (an area of the ward); required for seclusion.
 */
roomAreaId?: string | null, startedAt: string, 
/**
 * Who authorised it: for seclusion a doctor, an approved clinician or the
 * professional in charge of the ward; for LTS the MDT decision's lead.
 */
authorisedBy: ClinicalRole, 
/**
 * A doctor authorised it: their examination counts as the first medical review.
 */
authorisedByDoctor: boolean, reason: string, endedAt: string | null, ending?: EpisodeEnding | null, 
/**
 * Seclusion: was the patient offered a debrief after it ended.
 */
debriefOffered?: boolean | null, };

export type Observation = { id: string, at: string, by: ClinicalRole, note: string, };

export type Review = { id: string, kind: ReviewKind, at: string, by: ClinicalRole, otherStaff: Array<ClinicalRole>, note: string, };

export type EpisodeTimeline = { episode: Episode, observations: Array<Observation>, reviews: Array<Review>, };

export type EpisodeSpan = { startedAt: string, endedAt: string | null, };

export type RuleId = "seclusion_observation" | "seclusion_nursing_review" | "seclusion_first_medical_review" | "seclusion_medical_review_until_mdt" | "seclusion_medical_review_after_mdt" | "seclusion_internal_mdt_review" | "seclusion_independent_mdt_review" | "lts_approved_clinician_review" | "lts_mdt_review" | "lts_external_review" | "lts_advocate_informed" | "lts_commissioner_informed" | "lts_care_plan";

export type Interval = { "minutes": number } | { "months": number };

export type Trigger = { "kind": "episodeStart" } | { "kind": "startUnlessDoctorAuthorised" } | { "kind": "firstMedicalReviewUntilFirstMdt" } | { "kind": "firstInternalMdt" } | { "kind": "seclusionLongerThan", consecutiveMinutes: number, intermittentMinutes: number, windowMinutes: number, };

export type ReviewRule = { id: RuleId, 
/**
 * The source, as the clinical safety officer confirmed it.
 */
citation: string, trigger: Trigger, 
/**
 * The first (first `times`) are due this long after the trigger.
 */
firstDue: Interval, 
/**
 * Then at least `times` in every such interval, counted from the ones
 * before; None: once.
 */
repeatEvery?: Interval | null, times: number, 
/**
 * Who may do it (the person leading it); a record by anyone else does not count.
 */
roles: Array<ClinicalRole>, 
/**
 * People who must take part (e.g. 2 for a nursing review).
 */
minStaff: number, 
/**
 * Done within this long after the due time still counts as on time.
 */
graceMinutes: number, };

export type ReviewRules = { rules: Array<ReviewRule>, };

export type ComplianceState = "met" | "late" | "missed" | "due" | "not_yet_due" | "not_required";

export type Occurrence = { 
/**
 * met, late, missed, due (owed and not yet past its due time plus
 * grace), or not_yet_due (its trigger has not happened yet).
 */
state: ComplianceState, 
/**
 * When it is (was, or would be) due; null only when not yet known.
 */
dueAt: string | null, doneAt: string | null, 
/**
 * Late only: minutes after the due time, rounded up.
 */
lateByMinutes?: number | null, 
/**
 * The observation or review that did it.
 */
recordId?: string | null, 
/**
 * Met by the authorising doctor's examination, not by a record.
 */
byAuthorisation: boolean, };

export type Requirement = { ruleId: RuleId, label: string, citation: string, 
/**
 * The worst of its occurrences: missed, else late, else due, else met;
 * not_yet_due when nothing is owed yet, not_required when the episode
 * ended owing nothing.
 */
state: ComplianceState, 
/**
 * The due time of the occurrence owed now (the countdown).
 */
nextDueAt: string | null, 
/**
 * While the episode goes on: the due time of the first of the missed
 * occurrences nothing has been done since.
 */
overdueSince: string | null, met: number, late: number, missed: number, occurrences: Array<Occurrence>, };

export type Compliance = { episodeId: string, kind: EpisodeKind, evaluatedAt: string, 
/**
 * Ended by `evaluatedAt`.
 */
ended: boolean, 
/**
 * From the start to the end, or to `evaluatedAt` while it goes on.
 */
durationMinutes: number, 
/**
 * The soonest `nextDueAt` of its requirements.
 */
nextDueAt: string | null, 
/**
 * Some requirement is overdue now (see `overdueSince`).
 */
overdue: boolean, requirements: Array<Requirement>, };

export type ComplianceRequest = { now: string, timeline: EpisodeTimeline, otherEpisodes: Array<EpisodeSpan>, rules?: ReviewRules | null, };

export type SignOff = { by: string, byName: string, at: string, comment: string, };

export type EpisodeView = { 
/**
 * What the review engine reads.
 */
episode: Episode, wardName: string, roomName?: string | null, patientName: string, nhsNumber: NhsNumber, 
/**
 * Who authorised it (seclusion) or led the MDT decision (segregation).
 */
authorisedByName: string, 
/**
 * Long-term segregation: the care plan to end it.
 */
carePlan?: string | null, 
/**
 * The user who recorded the start, and when.
 */
startedByName: string, recordedAt: string, endedByName?: string | null, signOff?: SignOff | null, };

export type RecordedBy = { recordId: string, 
/**
 * Reviews: the name of whoever led it, as given.
 */
byName?: string | null, recordedByName: string, recordedAt: string, };

export type EpisodeDetail = { episode: EpisodeView, 
/**
 * Exactly what the review engine evaluated (docs/review-engine.md).
 */
timeline: EpisodeTimeline, recorded: Array<RecordedBy>, 
/**
 * The patient's other seclusion episodes that count towards "more than
 * 12 hours within any 48 hours".
 */
otherEpisodes: Array<EpisodeSpan>, compliance: Compliance, };

export type BoardTime = { ruleId: RuleId, label: string, at: string, };

export type BoardEntry = { episodeId: string, kind: EpisodeKind, wardId: string, wardName: string, roomName?: string | null, patientName: string, nhsNumber: NhsNumber, startedAt: string, durationMinutes: number, 
/**
 * The soonest review or observation due (the countdown).
 */
nextDue?: BoardTime | null, 
/**
 * Requirements overdue now, each with the due time nothing has been done since (red).
 */
overdue: Array<BoardTime>, 
/**
 * Seclusion: when it passes (or passed) the independent MDT review
 * thresholds — 8 hours consecutively, 12 hours within any 48.
 */
independentReviewAt: string | null, 
/**
 * Past those thresholds now (marked on the board).
 */
pastIndependentThreshold: boolean, signOff?: SignOff | null, };

export type MatronBoard = { evaluatedAt: string, entries: Array<BoardEntry>, 
/**
 * How many entries have something overdue.
 */
overdueCount: number, 
/**
 * Ended episodes not yet signed off by a matron, the most recently ended first.
 */
awaitingSignOff: Array<EndedEpisode>, };

export type EndedEpisode = { episodeId: string, kind: EpisodeKind, wardId: string, wardName: string, roomName?: string | null, patientName: string, nhsNumber: NhsNumber, startedAt: string, endedAt: string, ending?: EpisodeEnding | null, durationMinutes: number, missedCount: number, lateCount: number, signOff?: SignOff | null, };

export type WardEpisodes = { evaluatedAt: string, active: Array<BoardEntry>, ended: Array<EndedEpisode>, };

export type ReviewNoticeKind = "due_soon" | "missed";

export type ReviewNotice = { 
/**
 * Stable for one event: notify once per key.
 */
key: string, kind: ReviewNoticeKind, episodeId: string, episodeKind: EpisodeKind, wardName: string, roomName?: string | null, ruleId: RuleId, label: string, 
/**
 * When it falls (or fell) due.
 */
dueAt: string, };

export type ForceType = "physical" | "mechanical" | "chemical" | "seclusion" | "segregation";

export type Route = "intramuscular" | "intravenous" | "oral" | "other";

export type PositionChange = { at: string, 
/**
 * An MHSDS physical restraint code, e.g. "01" prone.
 */
code: string, };

export type ChemicalRestraint = { at: string, medication: string, route: Route, rapidTranquillisation: boolean, };

export type MechanicalRestraint = { startedAt: string, endedAt: string | null, device: string, };

export type StaffInvolved = { name: string, jobTitle: string, };

export type IfKnown = { "known": string } | "notKnown";

export type ProtectedCharacteristics = { ageYears?: number | null, disability?: string | null, genderReassignment?: string | null, marriageOrCivilPartnership?: string | null, pregnancyOrMaternity?: string | null, race?: string | null, religionOrBelief?: string | null, sex?: string | null, sexualOrientation?: string | null, };

export type LdAutism = "learning_disability" | "autism" | "both" | "neither" | "not_known";

export type UseOfForce = { id: string, wardId: string, 
/**
 * The seclusion or segregation episode it belongs to, if any.
 */
episodeId?: string | null, recordedAt: string, 
/**
 * Force was negligible: then only `negligibleReason` is required.
 */
negligible: boolean, negligibleReason?: string | null, 
/**
 * (a)
 */
reason?: string | null, 
/**
 * (b) place, date and duration (from the start and end).
 */
place?: string | null, startedAt: string | null, endedAt: string | null, 
/**
 * (c)
 */
forceTypes: Array<ForceType>, 
/**
 * (d)
 */
inCarePlan?: boolean | null, 
/**
 * (e)
 */
patientName?: string | null, 
/**
 * (f)
 */
howUsed?: string | null, 
/**
 * (g)
 */
nhsNumber?: NhsNumber | null, 
/**
 * (h)
 */
staff: Array<StaffInvolved>, 
/**
 * (i) was anyone who is not staff (e.g. police) involved, and why.
 */
nonStaffInvolved?: boolean | null, nonStaffReason?: string | null, 
/**
 * (j)
 */
mentalDisorder?: IfKnown | null, 
/**
 * (k)
 */
protectedCharacteristics?: ProtectedCharacteristics | null, 
/**
 * (l)
 */
learningDisabilityOrAutism?: LdAutism | null, 
/**
 * (m)
 */
outcome?: string | null, 
/**
 * (n)
 */
diedOrSeriouslyInjured?: boolean | null, 
/**
 * (o)
 */
effortsToAvoid?: string | null, 
/**
 * (p) were the people the care plan names notified.
 */
carePlanPeopleNotified?: boolean | null, 
/**
 * Physical restraint positions, with the time of each change.
 */
positions: Array<PositionChange>, chemical: Array<ChemicalRestraint>, mechanical: Array<MechanicalRestraint>, injuries?: string | null, debriefOffered?: boolean | null, };

export type UseOfForceView = { record: UseOfForce, wardName: string, recordedByName: string, 
/**
 * s6 (b): from the start to the end, in minutes (to the second).
 */
durationMinutes?: number | null, 
/**
 * Time in the prone position (code 01), in minutes, when the end is known.
 */
proneMinutes?: number | null, 
/**
 * Prone for more than 10 minutes.
 */
proneFlagged: boolean, 
/**
 * The data set's restrictive intervention type codes it carries, once each.
 */
mhsdsCodes: Array<string>, 
/**
 * The first instant it may be purged (3 years after it was recorded).
 */
purgeAllowedFrom: string, };

export type PurgeableUseOfForce = { id: string, wardName: string, 
/**
 * When it happened (its start, or when it was recorded).
 */
happenedAt: string, recordedAt: string, };

export type PurgeableList = { 
/**
 * Records made at or before this may be purged now.
 */
recordedBy: string, 
/**
 * How many there are in all.
 */
total: number, 
/**
 * The oldest of them (at most the limit asked for).
 */
records: Array<PurgeableUseOfForce>, };

export type RecordUseOfForceInput = { wardId: string, 
/**
 * The seclusion or segregation episode it happened in, if any (on the same ward).
 */
episodeId?: string | null, negligible: boolean, negligibleReason?: string | null, reason?: string | null, place?: string | null, 
/**
 * RFC 3339; never in the future.
 */
startedAt?: string | null, endedAt?: string | null, forceTypes: Array<ForceType>, inCarePlan?: boolean | null, patientName?: string | null, howUsed?: string | null, 
/**
 * 10 digits (spaces allowed) with a valid modulus 11 check digit.
 */
nhsNumber?: string | null, staff: Array<StaffInvolved>, nonStaffInvolved?: boolean | null, nonStaffReason?: string | null, mentalDisorder?: IfKnown | null, protectedCharacteristics?: ProtectedCharacteristics | null, learningDisabilityOrAutism?: LdAutism | null, outcome?: string | null, diedOrSeriouslyInjured?: boolean | null, effortsToAvoid?: string | null, carePlanPeopleNotified?: boolean | null, 
/**
 * Physical restraint: each change of position with its time (MHSDS codes, "01" prone).
 */
positions: Array<PositionChange>, chemical: Array<ChemicalRestraint>, mechanical: Array<MechanicalRestraint>, injuries?: string | null, debriefOffered?: boolean | null, };

export type UseOfForceInput = { id: string, };

export type WardUseOfForceInput = { wardId: string, 
/**
 * A London calendar month, `YYYY-MM`; absent: every record.
 */
month?: string | null, };

export type PurgeUseOfForceInput = { id: string, reason: string, };

export type PurgedUseOfForce = { id: string, purgedAt: string, };

export type PurgeableInput = { 
/**
 * How many of the oldest to list: 1 to 500, 100 when absent.
 */
limit?: number | null, };

export type BlanketRestriction = { id: string, wardId: string, restriction: string, reason: string, 
/**
 * Who approved it (name and role as the trust records them).
 */
approvedBy: string, approvedAt: string, 
/**
 * Europe/London date, `YYYY-MM-DD`.
 */
reviewDate: string, 
/**
 * Europe/London date it was lifted, if it has been.
 */
liftedOn: string | null, };

export type BlanketRestrictionView = { restriction: BlanketRestriction, wardName: string, recordedByName: string, 
/**
 * In place today (Europe/London).
 */
inPlace: boolean, 
/**
 * Its review date has passed while it is in place.
 */
reviewOverdue: boolean, 
/**
 * Days since the review date, when overdue.
 */
daysOverdue: number, 
/**
 * The latest review, if any: when (RFC 3339), by whom and the note.
 */
reviewedAt?: string | null, reviewedByName?: string | null, reviewNote?: string | null, 
/**
 * Why it was lifted, once lifted.
 */
liftedReason?: string | null, };

export type AddBlanketRestrictionInput = { wardId: string, restriction: string, reason: string, 
/**
 * Who approved it (name and role).
 */
approvedBy: string, 
/**
 * Europe/London date it was approved, `YYYY-MM-DD`; not in the future.
 */
approvedOn: string, 
/**
 * Europe/London date of its next review, `YYYY-MM-DD`; not before it was approved.
 */
reviewDate: string, };

export type ReviewBlanketRestrictionInput = { id: string, 
/**
 * Europe/London date, `YYYY-MM-DD`; today or later.
 */
nextReviewDate: string, 
/**
 * What the review found and why the restriction stays.
 */
note: string, };

export type LiftBlanketRestrictionInput = { id: string, 
/**
 * Europe/London date, `YYYY-MM-DD`; not in the future nor before it was approved.
 */
liftedOn: string, reason: string, };

export type BlanketRestrictionsInput = { 
/**
 * One ward; absent: every ward I may see.
 */
wardId?: string | null, };

export type EpisodeStats = { count: number, 
/**
 * Still going on at the time of the report (measured to then).
 */
ongoing: number, totalMinutes: bigint, medianMinutes?: number | null, longestMinutes?: number | null, };

export type RestraintStats = { usesOfForce: number, negligible: number, 
/**
 * s6 (c) type of force (`physical`, `chemical`, …) → uses of force.
 */
byForceType: { [key in string]: number }, 
/**
 * MHSDS physical restraint position code (`01` prone, `09` supine, …) → uses of force with it.
 */
byPosition: { [key in string]: number }, 
/**
 * Chemical restraint route → times given.
 */
chemicalByRoute: { [key in string]: number }, 
/**
 * MHSDS chemical restraint code (`14`, `15`) → times given.
 */
chemicalByCode: { [key in string]: number }, 
/**
 * Mechanical restraints used.
 */
mechanical: number, 
/**
 * Uses of force with prone restraint of 10 minutes or less, and over 10.
 */
prone10OrUnder: number, proneOver10: number, };

export type RuleCompliance = { met: number, late: number, missed: number, 
/**
 * met + late + missed.
 */
due: number, 
/**
 * Met on time ÷ all due; none when nothing fell due.
 */
rate?: number | null, };

export type Measures = { seclusion: EpisodeStats, segregation: EpisodeStats, restraint: RestraintStats, 
/**
 * Review rule id → compliance.
 */
compliance: { [key in string]: RuleCompliance }, 
/**
 * Protected characteristic → value (`not_known`, `declined`, …) → uses of force
 * (negligible ones excepted). Age is in bands.
 */
equality: { [key in string]: { [key in string]: number } }, };

export type ReportRow = { month?: string | null, wardId?: string | null, wardName: string, measures: Measures, };

export type RestrictiveReport = { 
/**
 * What it covers: a ward, a site, the trust.
 */
scope: string, fromMonth: string, toMonth: string, producedAt: string, 
/**
 * Every ward × month, month by month, wards by name.
 */
rows: Array<ReportRow>, 
/**
 * Every ward together, month by month.
 */
totals: Array<ReportRow>, 
/**
 * Every ward together over the whole period.
 */
overall: ReportRow, };

export type RestrictiveReportInput = { 
/**
 * One site's wards; absent: every ward I may see (or `wardId`).
 */
siteId?: string | null, 
/**
 * One ward.
 */
wardId?: string | null, 
/**
 * The first London month, `YYYY-MM`.
 */
fromMonth: string, 
/**
 * The last London month, `YYYY-MM`: at most 24 months from the first.
 */
toMonth: string, };

export type StartSeclusionInput = { wardId: string, 
/**
 * The room (an area of the ward).
 */
roomAreaId: string, patientName: string, 
/**
 * 10 digits (spaces allowed), with a valid modulus 11 check digit.
 */
nhsNumber: NhsNumber, 
/**
 * RFC 3339; now when absent. Never in the future.
 */
startedAt?: string | null, 
/**
 * The authoriser's profession: a doctor, an approved clinician or the registered nurse in charge.
 */
authorisedBy: ClinicalRole, authorisedByName: string, 
/**
 * Default: whether `authorisedBy` is a doctor.
 */
authorisedByDoctor?: boolean | null, reason: string, };

export type StartSegregationInput = { wardId: string, roomAreaId?: string | null, patientName: string, nhsNumber: NhsNumber, 
/**
 * When the MDT decided (RFC 3339); now when absent.
 */
startedAt?: string | null, authorisedBy: ClinicalRole, authorisedByName: string, authorisedByDoctor?: boolean | null, reason: string, 
/**
 * The care plan to end the segregation, when already written.
 */
carePlan?: string | null, };

export type EpisodeInput = { episodeId: string, 
/**
 * Evaluate compliance at this instant (RFC 3339) instead of now.
 */
at?: string | null, };

export type EndEpisodeInput = { episodeId: string, 
/**
 * RFC 3339; now when absent. After the start and everything recorded in it.
 */
endedAt?: string | null, ending: EpisodeEnding, 
/**
 * Seclusion: required.
 */
debriefOffered?: boolean | null, };

export type ObservationInput = { episodeId: string, 
/**
 * RFC 3339; now when absent.
 */
at?: string | null, 
/**
 * The observer's profession.
 */
by: ClinicalRole, note: string, };

export type ReviewInput = { episodeId: string, kind: ReviewKind, 
/**
 * RFC 3339; now when absent.
 */
at?: string | null, 
/**
 * The profession of whoever led it.
 */
by: ClinicalRole, 
/**
 * Their name, as the ward records it.
 */
byName: string, 
/**
 * The professions of the others who took part.
 */
otherStaff: Array<ClinicalRole>, note: string, };

export type BoardInput = { 
/**
 * One ward; absent: every ward I cover.
 */
wardId?: string | null, };

export type SignOffInput = { episodeId: string, comment: string, };

export type WardEpisodesInput = { wardId: string, };

/** Every command the backend accepts. */
export type CommandName =
  | "app_status"
  | "reference_data"
  | "load_demo"
  | "create_first_admin"
  | "sign_in"
  | "sign_out"
  | "whoami"
  | "create_site"
  | "create_ward"
  | "create_area"
  | "create_user"
  | "list_users"
  | "list_sites"
  | "list_my_wards"
  | "ward_overview"
  | "list_areas"
  | "ligature_register"
  | "list_templates"
  | "import_template"
  | "publish_template"
  | "start_audit"
  | "get_audit"
  | "list_audits"
  | "save_answer"
  | "add_ligature_point"
  | "assess_ligature_point"
  | "complete_audit"
  | "audit_summary"
  | "sign_off_audit"
  | "amend_answer"
  | "upload_photo"
  | "get_photo"
  | "audit_report_pdf"
  | "register_report_pdf"
  | "raise_action"
  | "get_action"
  | "edit_action"
  | "action_step"
  | "assign_actions"
  | "add_interim_control"
  | "end_interim_control"
  | "ward_actions"
  | "estates_queue"
  | "assignable_users"
  | "my_notices"
  | "risk_dashboard"
  | "export_register_csv"
  | "export_actions_csv"
  | "get_policy"
  | "set_policy"
  | "start_seclusion"
  | "start_segregation"
  | "record_observation"
  | "record_review"
  | "end_episode"
  | "get_episode"
  | "matron_board"
  | "ward_episodes"
  | "sign_off_episode"
  | "get_review_rules"
  | "set_review_rules"
  | "evaluate_compliance"
  | "record_use_of_force"
  | "get_use_of_force"
  | "ward_use_of_force"
  | "purge_use_of_force"
  | "purgeable_use_of_force"
  | "add_blanket_restriction"
  | "review_blanket_restriction"
  | "lift_blanket_restriction"
  | "blanket_restrictions"
  | "restrictive_report"
  | "restrictive_report_csv"
  | "sync_status"
  | "connect_to_server"
  | "sync_now"
  | "list_conflicts"
  | "resolve_conflict"
  | "issue_enrolment_code";

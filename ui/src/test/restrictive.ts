// Seclusion and segregation shaped like the backend's answers, for the tests.
import type { BoardEntry, Compliance, EpisodeDetail, MatronBoard, Requirement, ReviewRule, ReviewRules } from '../generated/bindings';
import type { EndedRow } from '../lib/restrictive';
import { RULE_LABEL } from '../lib/restrictiveRules';

export const EPISODE_ID = 'ep1';

export function requirement(over: Partial<Requirement> = {}): Requirement {
  const ruleId = over.ruleId ?? 'seclusion_observation';
  return {
    ruleId,
    label: RULE_LABEL[ruleId],
    citation: 'Mental Health Act 1983 Code of Practice (England, 2015), chapter 26',
    state: 'due',
    nextDueAt: null,
    overdueSince: null,
    met: 0,
    late: 0,
    missed: 0,
    occurrences: [],
    ...over,
  };
}

export function compliance(requirements: Requirement[], over: Partial<Compliance> = {}): Compliance {
  return {
    episodeId: EPISODE_ID,
    kind: 'seclusion',
    evaluatedAt: '2026-01-12T10:09:00Z',
    ended: false,
    durationMinutes: 9,
    nextDueAt: requirements.map((r) => r.nextDueAt).filter((x): x is string => !!x).sort()[0] ?? null,
    overdue: requirements.some((r) => r.overdueSince),
    requirements,
    ...over,
  };
}

/** A seclusion started at 10:00 on 12 January 2026 in Cedar Ward's seclusion room, evaluated at 10:09. */
export function episodeDetail(over: { requirements?: Requirement[]; episode?: Partial<EpisodeDetail['episode']>; detail?: Partial<EpisodeDetail> } = {}): EpisodeDetail {
  const reqs = over.requirements ?? [
    requirement({ ruleId: 'seclusion_observation', state: 'due', nextDueAt: '2026-01-12T10:15:00Z' }),
    requirement({ ruleId: 'seclusion_first_medical_review', state: 'due', nextDueAt: '2026-01-12T11:00:00Z' }),
  ];
  const view = {
    episode: {
      id: EPISODE_ID,
      kind: 'seclusion' as const,
      patientId: 'p1',
      wardId: 'w1',
      roomAreaId: 'ar9',
      startedAt: '2026-01-12T10:00:00Z',
      authorisedBy: 'registered_nurse' as const,
      authorisedByDoctor: false,
      reason: 'Assault on a member of staff',
      endedAt: null,
      ending: null,
      debriefOffered: null,
    },
    wardName: 'Cedar Ward',
    roomName: 'Seclusion room',
    patientName: 'Alex Example',
    nhsNumber: '9434765919',
    authorisedByName: 'Nia Nurse',
    carePlan: null,
    startedByName: 'Nia Nurse',
    recordedAt: '2026-01-12T10:01:00Z',
    endedByName: null,
    signOff: null,
    ...over.episode,
  };
  return {
    episode: view,
    timeline: { episode: view.episode, observations: [], reviews: [] },
    recorded: [],
    otherEpisodes: [],
    compliance: compliance(reqs, { kind: view.episode.kind, ended: !!view.episode.endedAt }),
    ...over.detail,
  };
}

export function boardEntry(over: Partial<BoardEntry> = {}): BoardEntry {
  return {
    episodeId: EPISODE_ID,
    kind: 'seclusion',
    wardId: 'w1',
    wardName: 'Cedar Ward',
    roomName: 'Seclusion room',
    patientName: 'Alex Example',
    nhsNumber: '9434765919',
    startedAt: '2026-01-12T10:00:00Z',
    durationMinutes: 9,
    nextDue: { ruleId: 'seclusion_observation', label: 'Seclusion: observation', at: '2026-01-12T10:15:00Z' },
    overdue: [],
    independentReviewAt: '2026-01-12T18:00:00Z',
    pastIndependentThreshold: false,
    signOff: null,
    ...over,
  };
}

export function matronBoard(entries: BoardEntry[], over: Partial<MatronBoard> = {}): MatronBoard {
  return {
    evaluatedAt: '2026-01-12T10:09:00Z',
    entries,
    overdueCount: entries.filter((e) => e.overdue.length > 0).length,
    awaitingSignOff: [],
    ...over,
  };
}

export function rule(over: Partial<ReviewRule> = {}): ReviewRule {
  return {
    id: 'seclusion_observation',
    citation: 'Mental Health Act 1983 Code of Practice (England, 2015), chapter 26: seclusion — observation',
    trigger: { kind: 'episodeStart' },
    firstDue: { minutes: 15 },
    repeatEvery: { minutes: 15 },
    times: 1,
    roles: ['registered_nurse', 'healthcare_assistant'],
    minStaff: 1,
    graceMinutes: 0,
    ...over,
  };
}

/** A short table: enough to edit, not the whole of DESIGN.md. */
export function reviewRules(): ReviewRules {
  return {
    rules: [
      rule(),
      rule({ id: 'seclusion_nursing_review', firstDue: { minutes: 120 }, repeatEvery: { minutes: 120 }, roles: ['registered_nurse'], minStaff: 2 }),
      rule({ id: 'seclusion_first_medical_review', trigger: { kind: 'startUnlessDoctorAuthorised' }, firstDue: { minutes: 60 }, repeatEvery: null, roles: ['doctor', 'approved_clinician'] }),
      rule({ id: 'lts_external_review', firstDue: { months: 3 }, repeatEvery: { months: 3 }, roles: ['independent_clinician'] }),
    ],
  };
}

export function endedRow(over: Partial<EndedRow> = {}): EndedRow {
  return {
    episodeId: 'ep9',
    kind: 'seclusion',
    wardId: 'w1',
    wardName: 'Cedar Ward',
    roomName: 'Seclusion room',
    patientName: 'Jo Example',
    nhsNumber: '9434765919',
    startedAt: '2026-01-11T08:00:00Z',
    endedAt: '2026-01-11T10:10:00Z',
    ending: 'ended_at_review',
    durationMinutes: 130,
    missedCount: 1,
    lateCount: 0,
    signOff: null,
    ...over,
  };
}

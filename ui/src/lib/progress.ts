// What a walk-round still needs, per area and overall. Mirrors the backend's
// completion rules for display only; `complete_audit` is the judge.
import type { Answer, Area, AreaType, Question, Section, Template } from '../generated/bindings';

/** The sections asked for an area of this type (or, for a ward-wide check, every section). */
export function sectionsFor(template: Template, areaType: AreaType | null): Section[] {
  if (template.scope === 'ward') return areaType === null ? template.sections : [];
  if (areaType === null) return [];
  return template.sections.filter((s) => s.appliesTo.length === 0 || s.appliesTo.includes(areaType));
}

/** Whether a value fails the question (for showing what is needed before the backend answers). */
export function failsLocally(q: Question, value: string): boolean {
  const v = value.trim();
  if (!v) return false;
  switch (q.kind) {
    case 'yes_no_na':
      return v === 'no';
    case 'number': {
      const n = Number(v);
      if (!Number.isFinite(n)) return false;
      return (q.min != null && n < q.min) || (q.max != null && n > q.max);
    }
    case 'choice':
      return q.failChoices.includes(v);
    case 'text':
      return false;
  }
}

export interface Progress {
  /** Required questions. */
  required: number;
  /** Required questions answered. */
  answered: number;
  /** Failed answers still needing a comment or a photo. */
  attention: number;
}

export function answerFor(answers: readonly Answer[], areaId: string | null, questionId: string): Answer | undefined {
  return answers.find((a) => (a.areaId ?? null) === areaId && a.questionId === questionId);
}

export function needsAttention(q: Question, a: Answer | undefined): boolean {
  if (!a || !a.failed) return false;
  return (q.commentOnFail && !a.comment?.trim()) || (q.photoOnFail && a.photoIds.length === 0);
}

export function progressOf(sections: readonly Section[], answers: readonly Answer[], areaId: string | null): Progress {
  const p: Progress = { required: 0, answered: 0, attention: 0 };
  for (const s of sections) {
    for (const q of s.questions) {
      const a = answerFor(answers, areaId, q.id);
      if (q.required) {
        p.required += 1;
        if (a) p.answered += 1;
      }
      if (needsAttention(q, a)) p.attention += 1;
    }
  }
  return p;
}

export function auditProgress(template: Template, areas: readonly Area[], answers: readonly Answer[]): Progress {
  if (template.scope === 'ward') return progressOf(sectionsFor(template, null), answers, null);
  const total: Progress = { required: 0, answered: 0, attention: 0 };
  for (const area of areas) {
    const p = progressOf(sectionsFor(template, area.areaType), answers, area.id);
    total.required += p.required;
    total.answered += p.answered;
    total.attention += p.attention;
  }
  return total;
}

export function isDone(p: Progress): boolean {
  return p.answered >= p.required && p.attention === 0;
}

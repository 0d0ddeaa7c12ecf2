import { describe, expect, it } from 'vitest';
import type { Answer, Area, Question, Template } from '../generated/bindings';
import { auditProgress, failsLocally, sectionsFor } from './progress';

const q = (id: string, extra: Partial<Question> = {}): Question => ({
  id,
  text: id,
  kind: 'yes_no_na',
  critical: false,
  required: true,
  choices: [],
  failChoices: [],
  commentOnFail: false,
  photoOnFail: false,
  ...extra,
});

const template: Template = {
  key: 't',
  version: 1,
  name: 'T',
  kind: 'ligature_walkround',
  scope: 'per_area',
  sections: [
    { id: 'all', title: 'Every area', appliesTo: [], questions: [q('a', { commentOnFail: true }), q('notes', { kind: 'text', required: false })] },
    { id: 'bed', title: 'Bedroom', appliesTo: ['bedroom'], questions: [q('b')] },
  ],
};

const area = (id: string, areaType: Area['areaType']): Area => ({ id, wardId: 'w', name: id, areaType, tier: '3' });

const answer = (areaId: string, questionId: string, value: string, failed: boolean, comment: string | null = null): Answer => ({
  id: `${areaId}-${questionId}`,
  areaId,
  questionId,
  value,
  comment,
  photoIds: [],
  failed,
  answeredAt: '2025-01-01T00:00:00Z',
  answeredBy: 'x',
});

describe('walk-round progress', () => {
  it('asks a section only in the area types it applies to', () => {
    expect(sectionsFor(template, 'bedroom').map((s) => s.id)).toEqual(['all', 'bed']);
    expect(sectionsFor(template, 'lounge').map((s) => s.id)).toEqual(['all']);
  });

  it('counts required answers and failed answers still needing a comment', () => {
    const areas = [area('bed1', 'bedroom'), area('lounge', 'lounge')];
    const p = auditProgress(template, areas, [answer('bed1', 'a', 'no', true), answer('lounge', 'a', 'yes', false)]);
    expect(p).toEqual({ required: 3, answered: 2, attention: 1 });
    const fixed = auditProgress(template, areas, [answer('bed1', 'a', 'no', true, 'fixed'), answer('lounge', 'a', 'yes', false)]);
    expect(fixed.attention).toBe(0);
  });

  it('judges a failing value the way the backend does', () => {
    expect(failsLocally(q('x'), 'no')).toBe(true);
    expect(failsLocally(q('x'), 'na')).toBe(false);
    expect(failsLocally(q('t', { kind: 'number', min: 38, max: 44 }), '46')).toBe(true);
    expect(failsLocally(q('t', { kind: 'number', min: 38, max: 44 }), '40')).toBe(false);
    expect(failsLocally(q('c', { kind: 'choice', choices: ['A', 'B'], failChoices: ['B'] }), 'B')).toBe(true);
  });
});

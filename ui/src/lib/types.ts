import type { AddPointInput, Area, AssessPointInput } from '../generated/bindings';

/** One line of an NHS error summary. */
export interface ErrorItem {
  message: string;
  /** The id of the input to focus, if any. */
  target?: string | null;
}

export interface Crumb {
  text: string;
  href: string;
}

/** An answer as given, before the backend has it. */
export interface AnswerDraft {
  value: string;
  comment: string | null;
  photoIds: string[];
}

/** What the risk-scoring form asks the backend to do. */
export type RiskFormRequest =
  | { command: 'add_ligature_point'; input: AddPointInput }
  | { command: 'assess_ligature_point'; input: AssessPointInput };

/** Where an area of a walk-round stands. */
export interface AreaState {
  area: Area;
  done: boolean;
  /** Required answers missing, failed answers needing a comment or photo, and points not re-assessed. */
  toDo: number;
}

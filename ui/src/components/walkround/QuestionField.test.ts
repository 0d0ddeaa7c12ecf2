import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Answer, Question } from '../../generated/bindings';
import QuestionField from './QuestionField.svelte';

const question: Question = {
  id: 'fixtures-intact',
  text: 'Are anti-ligature fittings intact, undamaged and not tampered with?',
  kind: 'yes_no_na',
  critical: true,
  required: true,
  choices: [],
  failChoices: [],
  commentOnFail: true,
  photoOnFail: false,
};

function answer(value: string, failed: boolean, comment: string | null = null): Answer {
  return {
    id: 'ans-1',
    areaId: 'area-1',
    questionId: question.id,
    value,
    comment,
    photoIds: [],
    failed,
    answeredAt: '2025-06-01T09:00:00Z',
    answeredBy: 'Sam Patel',
  };
}

describe('QuestionField', () => {
  it('saves "No" at once, says Saved, and then marks the comment as required', async () => {
    const save = vi.fn().mockResolvedValue(answer('no', true));
    const user = userEvent.setup();
    render(QuestionField, { props: { question, idBase: 'q-area-1', save } });

    const group = screen.getByRole('group', { name: question.text });
    const comment = within(group).getByLabelText(/^Comment/);
    expect(comment).not.toHaveAttribute('aria-required');

    await user.click(within(group).getByRole('radio', { name: 'No' }));

    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ value: 'no', comment: null, photoIds: [] });
    expect(await within(group).findByText('Saved')).toBeInTheDocument();
    expect(within(group).getByLabelText('Comment (required)')).toHaveAttribute('aria-required', 'true');
    expect(comment).toHaveAccessibleDescription(/say what you found/);
  });

  it('saves the comment when it is written, with the answer', async () => {
    const save = vi.fn().mockResolvedValueOnce(answer('no', true)).mockResolvedValueOnce(answer('no', true, 'Hinge cover missing'));
    const user = userEvent.setup();
    render(QuestionField, { props: { question, idBase: 'q-area-1', save } });
    await user.click(screen.getByRole('radio', { name: 'No' }));
    await user.type(screen.getByLabelText(/^Comment/), 'Hinge cover missing');
    await user.tab();
    expect(save).toHaveBeenLastCalledWith({ value: 'no', comment: 'Hinge cover missing', photoIds: [] });
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('saves a comment once typing pauses, without leaving the field (closing the app loses nothing)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const save = vi.fn().mockResolvedValueOnce(answer('no', true)).mockResolvedValue(answer('no', true, 'Loose handle'));
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      render(QuestionField, { props: { question, idBase: 'q-area-1', save } });
      await user.click(screen.getByRole('radio', { name: 'No' }));
      await user.type(screen.getByLabelText(/^Comment/), 'Loose handle');
      expect(save).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(save).toHaveBeenCalledTimes(2);
      expect(save).toHaveBeenLastCalledWith({ value: 'no', comment: 'Loose handle', photoIds: [] });
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not ask for a comment when the answer passes', async () => {
    const save = vi.fn().mockResolvedValue(answer('yes', false));
    const user = userEvent.setup();
    render(QuestionField, { props: { question, idBase: 'q-area-1', save } });
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.getByLabelText('Comment')).not.toHaveAttribute('aria-required');
  });

  it('shows the error when saving fails, naming the field', async () => {
    const save = vi.fn().mockRejectedValue({ code: 'invalid_state', message: 'this walk-round is completed: amend it instead', field: 'auditId' });
    const user = userEvent.setup();
    render(QuestionField, { props: { question, idBase: 'q-area-1', save } });
    await user.click(screen.getByRole('radio', { name: 'N/A' }));
    expect(await screen.findByText(/Not saved — auditId: this walk-round is completed/)).toBeInTheDocument();
    expect(screen.queryByText('Saved')).not.toBeInTheDocument();
  });

  it('starts from the saved answer', () => {
    render(QuestionField, { props: { question, idBase: 'q-area-1', answer: answer('no', true, 'Broken'), save: vi.fn() } });
    expect(screen.getByRole('radio', { name: 'No' })).toBeChecked();
    expect(screen.getByLabelText('Comment (required)')).toHaveValue('Broken');
  });
});

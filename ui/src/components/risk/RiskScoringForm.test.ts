import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Assessment } from '../../generated/bindings';
import { npsaMatrix, referenceData } from '../../test/fixtures';
import RiskScoringForm from './RiskScoringForm.svelte';

function renderForm(props: Record<string, unknown> = {}) {
  const submit = vi.fn().mockResolvedValue(undefined);
  const result = render(RiskScoringForm, {
    props: {
      reference: referenceData(),
      auditId: 'audit-1',
      areaId: 'area-1',
      tier: '3',
      idBase: 'new',
      label: 'New ligature point',
      submit,
      ...props,
    },
  });
  return { submit, user: userEvent.setup(), ...result };
}

const score = () => screen.getByRole('status', { name: 'Risk score' });
const residual = () => screen.getByRole('status', { name: 'Residual score' });

describe('RiskScoringForm', () => {
  it('shows score 20 and band Extreme for likelihood 4 × consequence 5', async () => {
    const { user } = renderForm();
    expect(score()).toHaveTextContent(/choose the likelihood/i);
    await user.selectOptions(screen.getByLabelText('Likelihood'), '4');
    await user.selectOptions(screen.getByLabelText('Consequence'), '5');
    expect(score()).toHaveTextContent('20');
    expect(score()).toHaveTextContent('Extreme');
  });

  it('shows 6 Moderate for likelihood 2 × consequence 3', async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText('Likelihood'), '2');
    await user.selectOptions(screen.getByLabelText('Consequence'), '3');
    expect(score()).toHaveTextContent(/^\s*6 Moderate\s*$/);
  });

  it('takes the band from the matrix it is given, not from boundaries of its own', async () => {
    const matrix = npsaMatrix().map((c) => (c.likelihood === 2 && c.consequence === 3 ? { ...c, band: 'high' as const } : c));
    const { user } = renderForm({ reference: referenceData(matrix) });
    await user.selectOptions(screen.getByLabelText('Likelihood'), '2');
    await user.selectOptions(screen.getByLabelText('Consequence'), '3');
    expect(score()).toHaveTextContent('6 High');
  });

  it('shows the NPSA descriptor of the chosen likelihood as its hint', async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText('Likelihood'), '5');
    expect(screen.getByLabelText('Likelihood')).toHaveAccessibleDescription(/Almost certain/);
  });

  it('shows the residual score and band', async () => {
    const { user } = renderForm();
    expect(residual()).toHaveTextContent('Not scored');
    await user.selectOptions(screen.getByLabelText('Residual likelihood'), '2');
    await user.selectOptions(screen.getByLabelText('Residual consequence'), '2');
    expect(residual()).toHaveTextContent('4 Moderate');
  });

  it('reveals the reason and approver only when the status is accepted', async () => {
    const { user } = renderForm();
    expect(screen.queryByLabelText(/Reason for accepting/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Approved by/)).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('group', { name: 'Status' })).getByRole('radio', { name: 'Accepted' }));
    expect(screen.getByLabelText(/Reason for accepting/)).toBeVisible();
    expect(screen.getByLabelText(/Approved by/)).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'Open' }));
    expect(screen.queryByLabelText(/Reason for accepting/)).not.toBeInTheDocument();
  });

  it('sends the right input for a new point', async () => {
    const { user, submit } = renderForm();
    await user.selectOptions(screen.getByLabelText('Fixture type'), 'door_handle');
    await user.type(screen.getByLabelText('Location'), '  Bedroom 3 door, corridor side ');
    await user.selectOptions(screen.getByLabelText('Height band'), '1m_to_2m');
    await user.click(screen.getByLabelText('Collapsible or load-release fitting'));
    await user.type(screen.getByLabelText('Last load test date'), '2025-01-15');
    await user.selectOptions(screen.getByLabelText('Likelihood'), '4');
    await user.selectOptions(screen.getByLabelText('Consequence'), '5');
    await user.click(screen.getByLabelText('Observation level'));
    await user.click(screen.getByLabelText('Anti-ligature product fitted'));
    await user.selectOptions(screen.getByLabelText('Residual likelihood'), '2');
    await user.selectOptions(screen.getByLabelText('Residual consequence'), '5');
    await user.click(screen.getByRole('radio', { name: 'Accepted' }));
    await user.type(screen.getByLabelText(/Reason for accepting/), 'Replacement ordered');
    await user.type(screen.getByLabelText(/Approved by/), 'Jo Bloggs, matron');
    await user.type(screen.getByLabelText(/Notes/), 'Checked twice');
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));

    expect(submit).toHaveBeenCalledTimes(1);
    expect(submit).toHaveBeenCalledWith({
      command: 'add_ligature_point',
      input: {
        auditId: 'audit-1',
        areaId: 'area-1',
        fixtureType: 'door_handle',
        location: 'Bedroom 3 door, corridor side',
        heightBand: '1m_to_2m',
        collapsible: true,
        loadTestDate: '2025-01-15',
        assessment: {
          likelihood: 4,
          consequence: 5,
          residualLikelihood: 2,
          residualConsequence: 5,
          controls: ['observation', 'anti_ligature_product'],
          status: 'accepted',
          acceptedReason: 'Replacement ordered',
          approver: 'Jo Bloggs, matron',
          notes: 'Checked twice',
          photoIds: [],
        },
      },
    });
    expect(await screen.findByText('The ligature point was added.')).toBeInTheDocument();
  });

  it('re-assesses a known point starting from its previous assessment', async () => {
    const previous: Assessment = {
      id: 'as-1',
      pointId: 'pt-1',
      auditId: 'old',
      risk: { likelihood: 3, consequence: 4, score: 12, band: 'high' },
      residual: null,
      controls: ['staff_vigilance'],
      status: 'open',
      photoIds: [],
      assessedAt: '2025-03-01T10:00:00Z',
      assessedBy: 'Sam Patel',
    };
    const { user, submit } = renderForm({ areaId: null, pointId: 'pt-1', initial: previous, idBase: 'pt-1', label: 'Re-assess' });
    expect(screen.queryByLabelText('Fixture type')).not.toBeInTheDocument();
    expect(score()).toHaveTextContent('12 High');
    await user.selectOptions(screen.getByLabelText('Likelihood'), '2');
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(submit).toHaveBeenCalledWith({
      command: 'assess_ligature_point',
      input: {
        auditId: 'audit-1',
        pointId: 'pt-1',
        assessment: {
          likelihood: 2,
          consequence: 4,
          residualLikelihood: null,
          residualConsequence: null,
          controls: ['staff_vigilance'],
          status: 'open',
          acceptedReason: null,
          approver: null,
          notes: null,
          photoIds: [],
        },
      },
    });
  });

  it('shows a backend error with field "likelihood" next to the likelihood', async () => {
    const submit = vi.fn().mockRejectedValue({ code: 'validation', message: 'likelihood must be a whole number from 1 to 5 (got 9)', field: 'likelihood' });
    const { user } = renderForm({ submit, areaId: null, pointId: 'pt-1', idBase: 'pt-1' });
    await user.selectOptions(screen.getByLabelText('Likelihood'), '3');
    await user.selectOptions(screen.getByLabelText('Consequence'), '3');
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));

    const likelihood = screen.getByLabelText('Likelihood');
    expect(likelihood).toHaveAccessibleDescription(/whole number from 1 to 5/);
    expect(likelihood).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Consequence')).not.toHaveAccessibleDescription(/whole number/);
    // And in the error summary, linking to the field.
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('link', { name: /whole number/ })).toHaveAttribute('href', '#pt-1-likelihood');
  });

  it('places a nested field path (assessment.residualConsequence) next to its field', async () => {
    const submit = vi.fn().mockRejectedValue({ code: 'validation', message: 'give both residual likelihood and consequence, or neither', field: 'assessment.residualConsequence' });
    const { user } = renderForm({ submit, areaId: null, pointId: 'pt-1', idBase: 'pt-1' });
    await user.selectOptions(screen.getByLabelText('Likelihood'), '3');
    await user.selectOptions(screen.getByLabelText('Consequence'), '3');
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(screen.getByLabelText('Residual consequence')).toHaveAccessibleDescription(/give both/);
  });

  it('asks for the likelihood and consequence before sending anything', async () => {
    const { user, submit } = renderForm({ areaId: null, pointId: 'pt-1', idBase: 'pt-1' });
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(submit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Likelihood')).toHaveAccessibleDescription(/Choose the likelihood/);
    expect(screen.getByLabelText('Consequence')).toHaveAccessibleDescription(/Choose the consequence/);
  });
});

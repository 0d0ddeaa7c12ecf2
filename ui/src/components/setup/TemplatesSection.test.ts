import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TemplateSummary } from '../../generated/bindings';

const callMock = vi.fn();
vi.mock('../../lib/backend', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/backend')>()),
  call: (...a: unknown[]) => callMock(...a),
}));

const { default: TemplatesSection } = await import('./TemplatesSection.svelte');

const LIVE: TemplateSummary = { id: 't-daily-1', key: 'daily-safety-check', version: 1, name: 'Daily safety check', kind: 'checklist', status: 'live' };
const DRAFT: TemplateSummary = { ...LIVE, id: 't-daily-2', version: 2, status: 'draft' };
const OLD: TemplateSummary = { id: 't-walk-1', key: 'ligature-walkround', version: 1, name: 'Environmental ligature walk-round', kind: 'ligature_walkround', status: 'archived' };

/** Answers `list_templates` with `list`, and other commands with `others`. */
function backend(list: () => TemplateSummary[], others: Record<string, (input: unknown) => unknown> = {}) {
  callMock.mockImplementation(async (command: string, input: unknown) => {
    if (command === 'list_templates') return list();
    const handler = others[command];
    if (!handler) throw new Error(`unexpected command ${command}`);
    return handler(input);
  });
}

const TEMPLATE_TEXT = '{"key":"daily-safety-check","version":2,"name":"Daily safety check","sections":[]}';
const templateFile = () => new File([TEMPLATE_TEXT], 'daily-v2.json', { type: 'application/json' });

describe('Checklist templates on the trust set-up screen', () => {
  beforeEach(() => {
    callMock.mockReset();
  });

  it('lists every version with its status as a tag', async () => {
    backend(() => [DRAFT, LIVE, OLD]);
    render(TemplatesSection);

    const table = await screen.findByRole('table', { name: /Template versions/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(table).getByRole('row', { name: /Daily safety check daily-safety-check 2 Draft/ })).toBeInTheDocument();
    expect(within(table).getByText('Live')).toHaveClass('nhsuk-tag--green');
    expect(within(table).getByText('Draft')).toHaveClass('nhsuk-tag--yellow');
    expect(within(table).getByText('Archived')).toHaveClass('nhsuk-tag--grey');
    // Only the draft can be put live.
    expect(within(table).getAllByRole('button')).toHaveLength(1);
  });

  it("imports the chosen file's text as a draft by default, then says so and refreshes the list", async () => {
    let list = [LIVE];
    const imported = vi.fn(() => {
      list = [DRAFT, LIVE];
      return DRAFT;
    });
    backend(() => list, { import_template: imported });
    const user = userEvent.setup();
    render(TemplatesSection);
    await screen.findByRole('table', { name: /Template versions/ });

    const form = screen.getByRole('form', { name: 'Import a template' });
    const input = within(form).getByLabelText('Template file');
    expect(input).toHaveAttribute('accept', '.json,application/json');
    expect(within(form).getByRole('checkbox', { name: 'Import as a draft to review first' })).toBeChecked();

    await user.upload(input, templateFile());
    await user.click(within(form).getByRole('button', { name: 'Import template' }));

    await waitFor(() => expect(imported).toHaveBeenCalledTimes(1));
    expect(imported).toHaveBeenCalledWith({ json: TEMPLATE_TEXT, draft: true });
    expect(await within(form).findByRole('status')).toHaveTextContent('Version 2 of Daily safety check was imported as a draft');
    expect(await screen.findByRole('button', { name: /Put version 2 live/ })).toBeInTheDocument();
    expect(callMock.mock.calls.filter(([c]) => c === 'list_templates')).toHaveLength(2);
  });

  it('imports live when the draft box is unticked', async () => {
    const imported = vi.fn(() => ({ ...DRAFT, status: 'live' }));
    backend(() => [LIVE], { import_template: imported });
    const user = userEvent.setup();
    render(TemplatesSection);
    const form = screen.getByRole('form', { name: 'Import a template' });

    await user.upload(within(form).getByLabelText('Template file'), templateFile());
    await user.click(within(form).getByRole('checkbox', { name: 'Import as a draft to review first' }));
    await user.click(within(form).getByRole('button', { name: 'Import template' }));

    await waitFor(() => expect(imported).toHaveBeenCalledWith({ json: TEMPLATE_TEXT, draft: false }));
    expect(await within(form).findByRole('status')).toHaveTextContent('is now live');
  });

  it('asks for a file when none was chosen', async () => {
    backend(() => [LIVE]);
    const user = userEvent.setup();
    render(TemplatesSection);
    const form = screen.getByRole('form', { name: 'Import a template' });

    await user.click(within(form).getByRole('button', { name: 'Import template' }));

    expect(await within(form).findByRole('link', { name: 'Choose a template file (.json)' })).toHaveAttribute('href', '#template-file');
    expect(callMock).not.toHaveBeenCalledWith('import_template', expect.anything());
  });

  it('shows a validation error with the path inside the file, in the summary and at the file input', async () => {
    backend(() => [LIVE], {
      import_template: () => {
        throw { code: 'validation', message: 'template file: unknown variant `tickbox`', field: 'sections[1].questions[0].kind' };
      },
    });
    const user = userEvent.setup();
    render(TemplatesSection);
    const form = screen.getByRole('form', { name: 'Import a template' });
    const input = within(form).getByLabelText('Template file');

    await user.upload(input, templateFile());
    await user.click(within(form).getByRole('button', { name: 'Import template' }));

    const alert = await within(form).findByRole('alert');
    const link = within(alert).getByRole('link', { name: /unknown variant `tickbox`/ });
    expect(link).toHaveTextContent('sections[1].questions[0].kind');
    expect(link).toHaveAttribute('href', '#template-file');
    // Next to the input, and read out with it.
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/unknown variant `tickbox`.*In the file at sections\[1\]\.questions\[0\]\.kind/);
    expect(within(form).queryByRole('status')).toBeEmptyDOMElement();
  });

  it('puts a draft live with its id, explaining that the live version will be archived', async () => {
    let list = [DRAFT, LIVE];
    const published = vi.fn(() => {
      list = [{ ...DRAFT, status: 'live' }, { ...LIVE, status: 'archived' }];
      return list[0];
    });
    backend(() => list, { publish_template: published });
    const user = userEvent.setup();
    render(TemplatesSection);

    const button = await screen.findByRole('button', { name: /Put version 2 live/ });
    expect(button).toHaveAccessibleDescription(/Version 1, live now, will be archived/);
    await user.click(button);

    await waitFor(() => expect(published).toHaveBeenCalledWith({ templateId: 't-daily-2' }));
    expect(await screen.findByText(/Version 2 of Daily safety check is now live\. Version 1 was archived\./)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: /Put version 2 live/ })).not.toBeInTheDocument());
    expect(screen.getByText('Archived')).toBeInTheDocument();
  });

  it('shows why a draft could not be put live', async () => {
    backend(() => [DRAFT, LIVE], {
      publish_template: () => {
        throw { code: 'invalid_state', message: 'only a draft can be published; this version is live' };
      },
    });
    const user = userEvent.setup();
    render(TemplatesSection);

    await user.click(await screen.findByRole('button', { name: /Put version 2 live/ }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Version 2 of Daily safety check could not be put live: only a draft can be published; this version is live');
  });
});

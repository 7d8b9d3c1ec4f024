import { describe, expect, it } from 'vitest';
import { SUBMIT_POSTMORTEM, parseToolInput } from '../../src/drafter/tool.ts';
import { goodToolInput } from './fixtures.ts';

describe('submit_postmortem tool', () => {
  it('when the schema is sent, then it asks for exactly the draft\'s text fields and action items, all required', () => {
    expect(SUBMIT_POSTMORTEM.name).toBe('submit_postmortem');
    expect(Object.keys(SUBMIT_POSTMORTEM.input_schema.properties ?? {})).toEqual(['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'what_went_well', 'what_went_wrong', 'action_items']);
    expect(SUBMIT_POSTMORTEM.input_schema.required).toEqual(['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'what_went_well', 'what_went_wrong', 'action_items']);
    expect(SUBMIT_POSTMORTEM.input_schema.additionalProperties).toBe(false);
  });

  it('when an item has no owner, an empty owner or a blank one, then its owner is null', () => {
    const result = parseToolInput({
      ...goodToolInput(),
      action_items: [{ description: 'A' }, { description: 'B', owner: '' }, { description: 'C', owner: '  ' }, { description: 'D', owner: ' U1 ' }],
    });

    expect(result.ok && result.value.actionItems).toEqual([
      { description: 'A', owner: null },
      { description: 'B', owner: null },
      { description: 'C', owner: null },
      { description: 'D', owner: 'U1' },
    ]);
  });

  it('when the input is not an object, then the problem names it', () => {
    expect(parseToolInput('PWNED')).toEqual({ ok: false, problem: 'input: Invalid input: expected object, received string' });
  });

  it('when most fields are missing, then three are named and the rest counted', () => {
    expect(parseToolInput({})).toEqual({
      ok: false,
      problem: 'summary: Invalid input: expected string, received undefined; impact: Invalid input: expected string, received undefined; timeline: Invalid input: expected string, received undefined; and 5 more',
    });
  });

  it('when an action item lacks a description, then the problem gives its path', () => {
    expect(parseToolInput({ ...goodToolInput(), action_items: [{ owner: 'U1' }] })).toEqual({ ok: false, problem: 'action_items.0.description: Invalid input: expected string, received undefined' });
  });
});

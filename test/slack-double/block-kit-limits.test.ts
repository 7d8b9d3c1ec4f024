import { describe, expect, it } from 'vitest';
import { checkBlocks, checkView, type Surface } from '../../src/slack-double/block-kit-limits.ts';

const x = (length: number) => 'x'.repeat(length);
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({ type: 'button', action_id: actionId, text: plain('Keep'), ...extra });
const option = (index: number, extra: Record<string, unknown> = {}) => ({ text: plain(`Option ${index}`), value: `v${index}`, ...extra });
const options = (count: number) => Array.from({ length: count }, (_, index) => option(index));
const section = (text = 'hello') => ({ type: 'section', text: mrkdwn(text) });
const sections = (count: number) => Array.from({ length: count }, (_, index) => ({ ...section(), block_id: `b${index}` }));
const buttons = (count: number) => Array.from({ length: count }, (_, index) => button(`a${index}`));
const actions = (elements: unknown[]) => [{ type: 'actions', elements }];
const accessory = (element: unknown) => [{ type: 'section', text: mrkdwn('Pick one'), accessory: element }];
const input = (extra: Record<string, unknown> = {}, element: Record<string, unknown> = {}) => [
  { type: 'input', block_id: 'in', label: plain('Resolution'), element: { type: 'plain_text_input', action_id: 'value', ...element }, ...extra },
];

interface Limit {
  name: string;
  surface: Surface;
  atLimit: unknown[];
  overLimit: unknown[];
  problem: string;
}

const limits: Limit[] = [
  { name: 'blocks in a message (50)', surface: 'message', atLimit: sections(50), overLimit: sections(51), problem: '[ERROR] no more than 50 items allowed [json-pointer:/blocks]' },
  { name: 'blocks in a modal (100)', surface: 'modal', atLimit: sections(100), overLimit: sections(101), problem: '[ERROR] no more than 100 items allowed [json-pointer:/blocks]' },
  { name: 'blocks in a Home tab (100)', surface: 'home', atLimit: sections(100), overLimit: sections(101), problem: '[ERROR] no more than 100 items allowed [json-pointer:/blocks]' },
  { name: 'section text (3000)', surface: 'message', atLimit: [section(x(3000))], overLimit: [section(x(3001))], problem: '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]' },
  {
    name: 'section fields (10)',
    surface: 'message',
    atLimit: [{ type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) }],
    overLimit: [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
    problem: '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]',
  },
  {
    name: 'a section field (2000)',
    surface: 'message',
    atLimit: [{ type: 'section', fields: [mrkdwn(x(2000))] }],
    overLimit: [{ type: 'section', fields: [mrkdwn(x(2001))] }],
    problem: '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
  },
  { name: 'header text (150)', surface: 'message', atLimit: [{ type: 'header', text: plain(x(150)) }], overLimit: [{ type: 'header', text: plain(x(151)) }], problem: '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]' },
  {
    name: 'context elements (10)',
    surface: 'message',
    atLimit: [{ type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) }],
    overLimit: [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
    problem: '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]',
  },
  { name: 'actions elements (25)', surface: 'message', atLimit: actions(buttons(25)), overLimit: actions(buttons(26)), problem: '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]' },
  { name: 'block_id (255)', surface: 'message', atLimit: [{ ...section(), block_id: x(255) }], overLimit: [{ ...section(), block_id: x(256) }], problem: '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]' },
  { name: 'action_id (255)', surface: 'message', atLimit: actions([button(x(255))]), overLimit: actions([button(x(256))]), problem: '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]' },
  {
    name: 'button text (75)',
    surface: 'message',
    atLimit: actions([button('a', { text: plain(x(75)) })]),
    overLimit: actions([button('a', { text: plain(x(76)) })]),
    problem: '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
  },
  {
    name: 'button value (2000)',
    surface: 'message',
    atLimit: actions([button('a', { value: x(2000) })]),
    overLimit: actions([button('a', { value: x(2001) })]),
    problem: '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
  },
  {
    name: 'button url (3000)',
    surface: 'message',
    atLimit: actions([button('a', { url: `https://e.x/${x(2988)}` })]),
    overLimit: actions([button('a', { url: `https://e.x/${x(2989)}` })]),
    problem: '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
  },
  {
    name: 'checkboxes options (10)',
    surface: 'modal',
    atLimit: actions([{ type: 'checkboxes', action_id: 'c', options: options(10) }]),
    overLimit: actions([{ type: 'checkboxes', action_id: 'c', options: options(11) }]),
    problem: '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]',
  },
  {
    name: 'radio_buttons options (10)',
    surface: 'modal',
    atLimit: actions([{ type: 'radio_buttons', action_id: 'r', options: options(10) }]),
    overLimit: actions([{ type: 'radio_buttons', action_id: 'r', options: options(11) }]),
    problem: '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]',
  },
  {
    name: 'static_select options (100)',
    surface: 'modal',
    atLimit: accessory({ type: 'static_select', action_id: 's', options: options(100) }),
    overLimit: accessory({ type: 'static_select', action_id: 's', options: options(101) }),
    problem: '[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/options]',
  },
  {
    name: 'multi_static_select options (100)',
    surface: 'modal',
    atLimit: accessory({ type: 'multi_static_select', action_id: 's', options: options(100) }),
    overLimit: accessory({ type: 'multi_static_select', action_id: 's', options: options(101) }),
    problem: '[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/options]',
  },
  {
    name: 'static_select option_groups (100)',
    surface: 'modal',
    atLimit: accessory({ type: 'static_select', action_id: 's', option_groups: Array.from({ length: 100 }, (_, index) => ({ label: plain(`G${index}`), options: options(1) })) }),
    overLimit: accessory({ type: 'static_select', action_id: 's', option_groups: Array.from({ length: 101 }, (_, index) => ({ label: plain(`G${index}`), options: options(1) })) }),
    problem: '[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/accessory/option_groups]',
  },
  {
    name: 'option text (75)',
    surface: 'modal',
    atLimit: accessory({ type: 'static_select', action_id: 's', options: [option(0, { text: plain(x(75)) })] }),
    overLimit: accessory({ type: 'static_select', action_id: 's', options: [option(0, { text: plain(x(76)) })] }),
    problem: '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/accessory/options/0/text/text]',
  },
  {
    name: 'option value (150)',
    surface: 'modal',
    atLimit: accessory({ type: 'static_select', action_id: 's', options: [option(0, { value: x(150) })] }),
    overLimit: accessory({ type: 'static_select', action_id: 's', options: [option(0, { value: x(151) })] }),
    problem: '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/accessory/options/0/value]',
  },
  { name: 'input label (2000)', surface: 'modal', atLimit: input({ label: plain(x(2000)) }), overLimit: input({ label: plain(x(2001)) }), problem: '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/label/text]' },
  { name: 'input hint (2000)', surface: 'modal', atLimit: input({ hint: plain(x(2000)) }), overLimit: input({ hint: plain(x(2001)) }), problem: '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/hint/text]' },
  {
    name: 'plain_text_input max_length (3000)',
    surface: 'modal',
    atLimit: input({}, { max_length: 3000 }),
    overLimit: input({}, { max_length: 3001 }),
    problem: '[ERROR] must be no greater than 3000 [json-pointer:/blocks/0/element/max_length]',
  },
  {
    name: 'plain_text_input min_length (3000)',
    surface: 'modal',
    atLimit: input({}, { min_length: 3000 }),
    overLimit: input({}, { min_length: 3001 }),
    problem: '[ERROR] must be no greater than 3000 [json-pointer:/blocks/0/element/min_length]',
  },
];

describe('Block Kit limits', () => {
  it.each(limits)('when $name is one over, then only that payload is refused, naming the field', ({ surface, atLimit, overLimit, problem }) => {
    expect(checkBlocks(atLimit, surface)).toEqual([]);
    expect(checkBlocks(overLimit, surface)).toEqual([problem]);
  });

  it('when a header or a button uses mrkdwn, then the text type is refused: both must be plain_text', () => {
    expect(checkBlocks([{ type: 'header', text: mrkdwn('*Access review*') }], 'message')).toEqual(['[ERROR] must be a valid enum value [json-pointer:/blocks/0/text/type]']);
    expect(checkBlocks(actions([button('keep', { text: mrkdwn('Keep') })]), 'message')).toEqual(['[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]']);
  });

  it('when a block type is unknown, then the block is refused naming its type', () => {
    expect(checkBlocks([section(), { type: 'carousel_of_doom' }], 'message')).toEqual([
      '[ERROR] failed to match all allowed schemas [json-pointer:/blocks/1]',
      '[ERROR] unsupported block type: carousel_of_doom [json-pointer:/blocks/1/type]',
    ]);
  });

  it('when two blocks share a block_id, then the second is refused', () => {
    expect(checkBlocks([{ ...section(), block_id: 'same' }, { ...section(), block_id: 'same' }], 'modal')).toEqual(['[ERROR] duplicate block_id: same [json-pointer:/blocks/1/block_id]']);
  });

  it('when two elements of one block share an action_id, then the second is refused; across blocks the same action_id is allowed', () => {
    expect(checkBlocks(actions([button('keep'), button('keep')]), 'message')).toEqual(['[ERROR] duplicate action_id in block: keep [json-pointer:/blocks/0/elements/1/action_id]']);
    const perRow = [
      { type: 'section', block_id: 'acct-1', text: mrkdwn('alice'), accessory: button('keep') },
      { type: 'section', block_id: 'acct-2', text: mrkdwn('bob'), accessory: button('keep') },
    ];
    expect(checkBlocks(perRow, 'modal')).toEqual([]);
  });

  it('when a message-only block is put in a modal, then it is refused; an input block is accepted on every surface, as the current reference lists', () => {
    expect(checkBlocks([{ type: 'markdown', text: '**bold**' }], 'modal')).toEqual(['[ERROR] unsupported block type on a modal: markdown [json-pointer:/blocks/0/type]']);
    expect(checkBlocks(input(), 'message')).toEqual([]);
  });

  it('when a section has neither text nor fields, then it is refused', () => {
    expect(checkBlocks([{ type: 'section' }], 'message')).toEqual(['[ERROR] missing required field: text (or fields) [json-pointer:/blocks/0]']);
  });

  it('when blocks is not an array, then it is refused at /blocks', () => {
    expect(checkBlocks({ type: 'section' }, 'message')).toEqual(['[ERROR] must provide an array [json-pointer:/blocks]']);
  });
});

describe('view limits', () => {
  const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: plain('Access review'), blocks: [section()], ...extra });

  it.each([
    { field: 'title', max: 24 },
    { field: 'submit', max: 24 },
    { field: 'close', max: 24 },
  ])('when the modal $field is $max characters, then it passes; one more is refused', ({ field, max }) => {
    expect(checkView(modal({ [field]: plain(x(max)) }))).toEqual([]);
    expect(checkView(modal({ [field]: plain(x(max + 1)) }))).toEqual([`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${field}/text]`]);
  });

  it.each([
    { field: 'private_metadata', max: 3000 },
    { field: 'callback_id', max: 255 },
  ])('when $field is $max characters, then it passes; one more is refused', ({ field, max }) => {
    expect(checkView(modal({ [field]: x(max) }))).toEqual([]);
    expect(checkView(modal({ [field]: x(max + 1) }))).toEqual([`[ERROR] must be less than ${max + 1} characters [json-pointer:/view/${field}]`]);
  });

  it('when a modal title is mrkdwn or missing, then it is refused', () => {
    expect(checkView(modal({ title: mrkdwn('Review') }))).toEqual(['[ERROR] must be a valid enum value [json-pointer:/view/title/type]']);
    expect(checkView({ type: 'modal', blocks: [] })).toEqual(['[ERROR] missing required field: title [json-pointer:/view]']);
  });

  it('when a modal has an input block but no submit, then it is refused; with a submit it passes', () => {
    expect(checkView(modal({ blocks: input() }))).toEqual(['[ERROR] missing required field: submit (the view has input blocks) [json-pointer:/view]']);
    expect(checkView(modal({ blocks: input(), submit: plain('Sign') }))).toEqual([]);
  });

  it('when a view holds too many blocks, then the pointer is under /view/blocks', () => {
    expect(checkView(modal({ blocks: sections(101) }))).toEqual(['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]']);
    expect(checkView({ type: 'home', blocks: sections(100) })).toEqual([]);
  });

  it('when the view type is neither modal nor home, then it is refused', () => {
    expect(checkView({ type: 'workflow_step', blocks: [] })).toEqual(['[ERROR] must be a valid enum value [json-pointer:/view/type]']);
  });
});

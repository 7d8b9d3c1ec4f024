/**
 * Checks for Block Kit composition objects and block elements, as Slack's documentation states
 * the limits. Problems are worded like Slack's `response_metadata.messages`, each naming the
 * JSON pointer of the offending field, so a failing test reads like the production error would.
 */

type Json = Record<string, unknown>;

export class Problems {
  readonly list: string[] = [];

  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Slack counts characters, not UTF-16 code units: an emoji is one. */
export function charCount(text: string): number {
  return [...text].length;
}

export function checkString(p: Problems, parent: string, obj: Json, field: string, max: number, required = false): void {
  const value = obj[field];
  if (value === undefined || value === null) {
    if (required) p.add(parent, `missing required field: ${field}`);
    return;
  }
  if (typeof value !== 'string') return p.add(`${parent}/${field}`, 'must provide a string');
  if (charCount(value) > max) p.add(`${parent}/${field}`, `must be less than ${max + 1} characters`);
}

export interface TextRule {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A text object (`{ type: 'plain_text' | 'mrkdwn', text }`) held in `obj[field]`. */
export function checkText(p: Problems, parent: string, obj: Json, field: string, rule: TextRule): void {
  const value = obj[field];
  const pointer = `${parent}/${field}`;
  if (value === undefined || value === null) {
    if (rule.required) p.add(parent, `missing required field: ${field}`);
    return;
  }
  if (!isObject(value)) return p.add(pointer, 'must provide an object');
  const allowed = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) p.add(`${pointer}/type`, 'must be a valid enum value');
  if (typeof value.text !== 'string') return p.add(pointer, 'missing required field: text');
  const length = charCount(value.text);
  if (length === 0) p.add(`${pointer}/text`, 'must be more than 0 characters');
  if (length > rule.max) p.add(`${pointer}/text`, `must be less than ${rule.max + 1} characters`);
}

export function checkCount(p: Problems, pointer: string, items: unknown, max: number, min = 0): items is unknown[] {
  if (!Array.isArray(items)) {
    p.add(pointer, 'must provide an array');
    return false;
  }
  if (items.length > max) p.add(pointer, `no more than ${max} items allowed`);
  if (items.length < min) p.add(pointer, `must provide at least ${min} items`);
  return true;
}

function checkOptions(p: Problems, parent: string, obj: Json, field: string, max: number, plainOnly: boolean, min = 1): void {
  const options = obj[field];
  if (options === undefined) return;
  if (!checkCount(p, `${parent}/${field}`, options, max, min)) return;
  options.forEach((option, index) => checkOption(p, `${parent}/${field}/${index}`, option, plainOnly));
}

/** Option object: text ≤ 75, value ≤ 150 (docs.slack.dev; older pages said 75), description ≤ 75, url ≤ 3000. */
export function checkOption(p: Problems, pointer: string, option: unknown, plainOnly: boolean): void {
  if (!isObject(option)) return p.add(pointer, 'must provide an object');
  checkText(p, pointer, option, 'text', { max: 75, plainOnly, required: true });
  checkString(p, pointer, option, 'value', 150, true);
  checkText(p, pointer, option, 'description', { max: 75, plainOnly });
  checkString(p, pointer, option, 'url', 3000);
}

const SELECTS = ['static_select', 'multi_static_select'];
const OTHER_ELEMENTS = [
  'external_select', 'multi_external_select', 'users_select', 'multi_users_select', 'conversations_select',
  'multi_conversations_select', 'channels_select', 'multi_channels_select', 'datepicker', 'timepicker',
  'datetimepicker', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'file_input',
  'workflow_button', 'feedback_buttons', 'icon_button', 'image',
];
export const ELEMENT_TYPES = new Set(['button', 'checkboxes', 'radio_buttons', 'overflow', 'plain_text_input', ...SELECTS, ...OTHER_ELEMENTS]);
/** Elements an input block may hold (input-block reference). */
export const INPUT_ELEMENT_TYPES = new Set([
  'checkboxes', 'radio_buttons', 'plain_text_input', ...SELECTS, 'external_select', 'multi_external_select', 'users_select',
  'multi_users_select', 'conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select',
  'datepicker', 'timepicker', 'datetimepicker', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'file_input',
]);

/**
 * One interactive element. `actionIds` collects the block's action_ids: Slack's reference asks
 * for action_id to be unique among the action_ids of its containing block.
 */
export function checkElement(p: Problems, pointer: string, element: unknown, actionIds: Set<string>): void {
  if (!isObject(element)) return p.add(pointer, 'must provide an object');
  const type = element.type;
  if (typeof type !== 'string') return p.add(pointer, 'missing required field: type');
  if (!ELEMENT_TYPES.has(type)) return p.add(`${pointer}/type`, `unsupported element type: ${type}`);
  checkString(p, pointer, element, 'action_id', 255);
  if (typeof element.action_id === 'string') {
    if (actionIds.has(element.action_id)) p.add(`${pointer}/action_id`, `duplicate action_id in block: ${element.action_id}`);
    actionIds.add(element.action_id);
  }
  checkText(p, pointer, element, 'placeholder', { max: 150, plainOnly: true });
  switch (type) {
    case 'button':
      checkText(p, pointer, element, 'text', { max: 75, plainOnly: true, required: true });
      checkString(p, pointer, element, 'value', 2000);
      checkString(p, pointer, element, 'url', 3000);
      checkString(p, pointer, element, 'accessibility_label', 75);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') p.add(`${pointer}/style`, 'must be a valid enum value');
      return;
    case 'checkboxes':
    case 'radio_buttons':
      if (element.options === undefined) p.add(pointer, 'missing required field: options');
      return checkOptions(p, pointer, element, 'options', 10, false);
    case 'overflow':
      if (element.options === undefined) p.add(pointer, 'missing required field: options');
      return checkOptions(p, pointer, element, 'options', 5, true);
    case 'static_select':
    case 'multi_static_select':
      return checkStaticSelect(p, pointer, element);
    case 'plain_text_input':
      checkLength(p, pointer, element, 'min_length', 0);
      checkLength(p, pointer, element, 'max_length', 1);
      return;
    default:
      return;
  }
}

function checkStaticSelect(p: Problems, pointer: string, element: Json): void {
  const hasOptions = element.options !== undefined;
  const hasGroups = element.option_groups !== undefined;
  if (hasOptions === hasGroups) return p.add(pointer, 'must provide exactly one of options or option_groups');
  if (hasOptions) return checkOptions(p, pointer, element, 'options', 100, true);
  const groups = element.option_groups;
  if (!checkCount(p, `${pointer}/option_groups`, groups, 100, 1)) return;
  groups.forEach((group, index) => {
    const at = `${pointer}/option_groups/${index}`;
    if (!isObject(group)) return p.add(at, 'must provide an object');
    checkText(p, at, group, 'label', { max: 75, plainOnly: true, required: true });
    if (group.options === undefined) p.add(at, 'missing required field: options');
    checkOptions(p, at, group, 'options', 100, true);
  });
}

/** plain_text_input min_length is 0..3000 and max_length 1..3000. */
function checkLength(p: Problems, pointer: string, element: Json, field: string, min: number): void {
  const value = element[field];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) return p.add(`${pointer}/${field}`, 'must provide an integer');
  if (value > 3000) p.add(`${pointer}/${field}`, 'must be no greater than 3000');
  if (value < min) p.add(`${pointer}/${field}`, `must be no less than ${min}`);
}

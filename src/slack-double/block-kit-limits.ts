import {
  INPUT_ELEMENT_TYPES,
  Problems,
  checkCount,
  checkElement,
  checkString,
  checkText,
  isObject,
} from './block-kit-elements.ts';

/**
 * Block Kit limits as Slack documents them (docs.slack.dev block, element, composition-object
 * and view references), checked the way Slack rejects a payload: every problem with its JSON
 * pointer. Pure, so the rules can be tested without a server.
 */

export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const BLOCK_TYPES = new Set([
  'actions', 'context', 'context_actions', 'divider', 'file', 'header', 'image', 'input', 'markdown', 'rich_text', 'section', 'table', 'video',
]);
/** The block reference lists these for messages only. */
const MESSAGE_ONLY = new Set(['file', 'markdown', 'table']);

/** Problems with a `blocks` array on a surface; `base` is its JSON pointer (`/view/blocks` inside a view). */
export function checkBlocks(blocks: unknown, surface: Surface, base = '/blocks'): string[] {
  const p = new Problems();
  if (!checkCount(p, base, blocks, MAX_BLOCKS[surface])) return p.list;
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => checkBlock(p, `${base}/${index}`, block, surface, blockIds));
  return p.list;
}

/** Problems with a modal or Home tab view object, pointers under `/view`. */
export function checkView(view: unknown): string[] {
  const p = new Problems();
  const base = '/view';
  if (!isObject(view)) {
    p.add(base, 'must provide an object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') p.add(`${base}/type`, 'must be a valid enum value');
  if (view.type === 'modal') {
    checkText(p, base, view, 'title', { max: 24, plainOnly: true, required: true });
    checkText(p, base, view, 'submit', { max: 24, plainOnly: true });
    checkText(p, base, view, 'close', { max: 24, plainOnly: true });
  }
  checkString(p, base, view, 'private_metadata', 3000);
  checkString(p, base, view, 'callback_id', 255);
  checkString(p, base, view, 'external_id', 255);
  if (view.blocks === undefined) {
    p.add(base, 'missing required field: blocks');
    return p.list;
  }
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  p.list.push(...checkBlocks(view.blocks, surface, `${base}/blocks`));
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((block) => isObject(block) && block.type === 'input');
  // The modal reference: "submit is required when an input block is within the blocks array".
  if (view.type === 'modal' && hasInput && view.submit === undefined) p.add(base, 'missing required field: submit (the view has input blocks)');
  return p.list;
}

function checkBlock(p: Problems, pointer: string, block: unknown, surface: Surface, blockIds: Set<string>): void {
  if (!isObject(block)) return p.add(pointer, 'must provide an object');
  const type = block.type;
  if (typeof type !== 'string') return p.add(pointer, 'missing required field: type');
  if (!BLOCK_TYPES.has(type)) {
    p.add(pointer, 'failed to match all allowed schemas');
    return p.add(`${pointer}/type`, `unsupported block type: ${type}`);
  }
  if (MESSAGE_ONLY.has(type) && surface !== 'message') return p.add(`${pointer}/type`, `unsupported block type on a ${surface}: ${type}`);
  checkString(p, pointer, block, 'block_id', 255);
  if (typeof block.block_id === 'string') {
    if (block.block_id.length === 0) p.add(`${pointer}/block_id`, 'must be more than 0 characters');
    if (blockIds.has(block.block_id)) p.add(`${pointer}/block_id`, `duplicate block_id: ${block.block_id}`);
    blockIds.add(block.block_id);
  }
  const actionIds = new Set<string>();
  switch (type) {
    case 'section':
      return checkSection(p, pointer, block, actionIds);
    case 'header':
      return checkText(p, pointer, block, 'text', { max: 150, plainOnly: true, required: true });
    case 'context':
      if (block.elements === undefined) return p.add(pointer, 'missing required field: elements');
      if (checkCount(p, `${pointer}/elements`, block.elements, 10, 1)) block.elements.forEach((element, index) => checkContextElement(p, `${pointer}/elements/${index}`, element));
      return;
    case 'actions':
      if (block.elements === undefined) return p.add(pointer, 'missing required field: elements');
      if (checkCount(p, `${pointer}/elements`, block.elements, 25, 1)) block.elements.forEach((element, index) => checkElement(p, `${pointer}/elements/${index}`, element, actionIds));
      return;
    case 'input':
      return checkInput(p, pointer, block, actionIds);
    case 'image':
      checkString(p, pointer, block, 'image_url', 3000, block.slack_file === undefined);
      checkString(p, pointer, block, 'alt_text', 2000, true);
      return checkText(p, pointer, block, 'title', { max: 2000, plainOnly: true });
    case 'markdown':
      return checkString(p, pointer, block, 'text', 12000, true);
    default:
      return;
  }
}

function checkSection(p: Problems, pointer: string, block: Record<string, unknown>, actionIds: Set<string>): void {
  if (block.text === undefined && block.fields === undefined) return p.add(pointer, 'missing required field: text (or fields)');
  checkText(p, pointer, block, 'text', { max: 3000 });
  if (block.fields !== undefined && checkCount(p, `${pointer}/fields`, block.fields, 10, 1)) {
    block.fields.forEach((field, index) => checkText(p, `${pointer}/fields`, { [index]: field }, String(index), { max: 2000, required: true }));
  }
  if (block.accessory !== undefined) checkElement(p, `${pointer}/accessory`, block.accessory, actionIds);
}

function checkInput(p: Problems, pointer: string, block: Record<string, unknown>, actionIds: Set<string>): void {
  checkText(p, pointer, block, 'label', { max: 2000, plainOnly: true, required: true });
  checkText(p, pointer, block, 'hint', { max: 2000, plainOnly: true });
  const element = block.element;
  if (element === undefined) return p.add(pointer, 'missing required field: element');
  if (isObject(element) && typeof element.type === 'string' && !INPUT_ELEMENT_TYPES.has(element.type)) {
    return p.add(`${pointer}/element/type`, `unsupported element type in an input block: ${element.type}`);
  }
  checkElement(p, `${pointer}/element`, element, actionIds);
}

function checkContextElement(p: Problems, pointer: string, element: unknown): void {
  if (!isObject(element)) return p.add(pointer, 'must provide an object');
  if (element.type === 'plain_text' || element.type === 'mrkdwn') {
    if (typeof element.text !== 'string') p.add(pointer, 'missing required field: text');
    return;
  }
  if (element.type === 'image') {
    checkString(p, pointer, element, 'image_url', 3000, element.slack_file === undefined);
    return checkString(p, pointer, element, 'alt_text', 2000, true);
  }
  p.add(`${pointer}/type`, 'must be a valid enum value');
}

import type { RenderModel } from './model.ts';

/**
 * Characters that change how the rest of a line reads without being seen: control codes,
 * bidirectional overrides ("gnp.exe" shown as "exe.png"), zero-width marks. On paper an
 * auditor must see that they were there, so each becomes a visible [U+XXXX].
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function visibleText(text: string): string {
  return text.replace(HIDDEN, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visibleDeep(inner)])) as T;
  return value;
}

/** The model as it is drawn: the signed payload and its hash are untouched; only what is printed changes. */
export function visibleModel(model: RenderModel): RenderModel {
  return visibleDeep(model);
}

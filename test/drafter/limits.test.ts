import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/drafter/limits.ts';

describe('plainText', () => {
  it('when text is within the limit, then only control and bidi characters go and the ends are trimmed', () => {
    expect(plainText('  Line one\r\nLine\u0000 two\u202E\tend\u2066 ')).toBe('Line one\nLine two\tend');
  });

  it('when text is longer than 2,900 characters, then it is cut to 2,900 with an ellipsis', () => {
    const text = plainText('a'.repeat(3_500));

    expect(text).toBe(`${'a'.repeat(2_899)}…`);
  });

  it('when the cut would split a surrogate pair, then the whole character goes', () => {
    const text = plainText(`${'a'.repeat(2_898)}😀 and more`);

    expect(text).toBe(`${'a'.repeat(2_898)}…`);
  });
});

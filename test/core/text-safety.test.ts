/** The one text-safety module (src/core/text-safety.ts): what each output context keeps and drops. */
import { describe, expect, it } from '@jest/globals';
import { csvCell, displayText, plainLine, terminalText } from '../../src/core/text-safety.js';

const HOSTILE = 'a\u001b[31mb\u001b]0;title\u0007c\u202ed\u2066e\u2069\u200ef\u200fg\u0085h\u0000i\u007fj';

describe('text safety', () => {
  it('removes whole escape sequences, C0/C1 controls and bidirectional controls in every context', () => {
    expect(displayText(HOSTILE)).toBe('abcdefghij');
    expect(terminalText(HOSTILE)).toBe('abcdefghij');
    expect(plainLine(HOSTILE)).toBe('abc d e f g h i j');
    expect(csvCell(HOSTILE)).toBe('abcdefghij');
  });

  it('keeps line breaks where the output can hold them, and only there', () => {
    expect(displayText('a\r\nb\u2028c\td')).toBe('a\r\nb\nc\td');
    expect(terminalText('a\r\nb\tc')).toBe('a\nb\tc');
    expect(plainLine(' a\r\n b\u2029\tc ')).toBe('a b c');
  });

  it('leaves ordinary text, right-to-left scripts and emoji alone', () => {
    for (const t of ['Harborline Financial', 'שלום עולם', 'مرحبا', 'café 😀', 'o\'brien@example.com']) {
      expect(displayText(t)).toBe(t);
      expect(plainLine(t)).toBe(t);
    }
  });
});

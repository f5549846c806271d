import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

// DejaVu Sans, which has every Vietnamese glyph, for every PDF the archive draws: read and parsed once per
// process, whichever writer draws with it.

export type DejaVuStyle = 'regular' | 'bold';

const FILES: Record<DejaVuStyle, string> = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

let parsed: Record<DejaVuStyle, fontkit.Font> | null = null;

export function dejaVu(): Record<DejaVuStyle, fontkit.Font> {
  const font = (style: DejaVuStyle) => fontkit.create(readFileSync(FILES[style])) as fontkit.Font;
  return (parsed ??= { regular: font('regular'), bold: font('bold') });
}

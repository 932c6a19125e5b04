/**
 * A small PDF writer for text documents: US Letter pages of lines in Helvetica (a standard font
 * every reader has, so nothing is embedded), with a correct cross-reference table, so any reader
 * opens the file. Enough for the sandbox's Asset Report PDFs; no dependency.
 */

export type LineStyle = 'title' | 'heading' | 'body' | 'small';

export interface PdfLine {
  text: string;
  style: LineStyle;
}

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 54;

/** Each style's font, size, line height, and how many characters fit across the page. */
const STYLES: Record<LineStyle, { font: 'F1' | 'F2'; size: number; leading: number; fits: number }> = {
  title: { font: 'F2', size: 18, leading: 28, fits: 50 },
  heading: { font: 'F2', size: 11, leading: 20, fits: 85 },
  body: { font: 'F1', size: 10, leading: 14, fits: 100 },
  small: { font: 'F1', size: 8, leading: 11, fits: 125 },
};

const fit = (text: string, fits: number) => (text.length > fits ? `${text.slice(0, fits - 3)}...` : text);

/** A string as a PDF literal: backslashes and parentheses escaped, anything outside Latin-1 replaced. */
function literal(text: string): string {
  const latin1 = [...text].map((c) => (c.charCodeAt(0) <= 0xff ? c : '?')).join('');
  return `(${latin1.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[\r\n\t]/g, ' ')})`;
}

/** The lines, split into pages that fit between the margins. */
function paginate(lines: readonly PdfLine[]): PdfLine[][] {
  const pages: PdfLine[][] = [[]];
  let used = 0;
  for (const line of lines) {
    const { leading } = STYLES[line.style];
    if (used + leading > PAGE_HEIGHT - 2 * MARGIN && used > 0) {
      pages.push([]);
      used = 0;
    }
    pages.at(-1)?.push(line);
    used += leading;
  }
  return pages;
}

/** One page's content stream: each line placed from the top margin down, with its page number. */
function pageContent(lines: readonly PdfLine[], pageNumber: number, pageCount: number): string {
  const ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  for (const line of lines) {
    const style = STYLES[line.style];
    y -= style.leading;
    ops.push(
      `BT /${style.font} ${style.size} Tf ${MARGIN} ${y + style.leading - style.size} Td ${literal(fit(line.text, style.fits))} Tj ET`,
    );
  }
  ops.push(
    `BT /F1 8 Tf ${PAGE_WIDTH - MARGIN - 60} ${MARGIN / 2} Td ${literal(`Page ${pageNumber} of ${pageCount}`)} Tj ET`,
  );
  return ops.join('\n');
}

/** Serialises numbered objects with the cross-reference table and trailer that point at them. */
function serialise(objects: readonly string[], info: string): Buffer {
  const parts: string[] = ['%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'];
  const offsets: number[] = [];
  let length = Buffer.byteLength(parts[0] ?? '', 'latin1');
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = `${index + 1} 0 obj\n${body}\nendobj\n`;
    parts.push(object);
    length += Buffer.byteLength(object, 'latin1');
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
  ].join('\n');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${info} >>\nstartxref\n${length}\n%%EOF\n`;
  return Buffer.from(`${parts.join('')}${xref}\n${trailer}`, 'latin1');
}

/** A PDF of the lines, titled `title`, created at `createdAt`. */
export function renderPdf(title: string, lines: readonly PdfLine[], createdAt: Date): Buffer {
  const pages = paginate(lines);
  // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page and its content per page.
  const pageIds = pages.map((_, i) => 6 + 2 * i);
  const stamp = createdAt.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Title ${literal(title)} /Producer (Linkport sandbox) /CreationDate (D:${stamp}Z) >>`,
  ];
  pages.forEach((page, i) => {
    const content = pageContent(page, i + 1, pages.length);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${7 + 2 * i} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  });
  return serialise(objects, '5 0 R');
}

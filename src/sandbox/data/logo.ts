import { crc32, deflateSync } from 'node:zlib';

const SIZE = 64;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function parseHexColor(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/**
 * A real PNG logo: a disc in the institution's colour with a lighter ring, on a transparent square.
 * Drawn rather than shipped, so every sandbox institution has its own without binary files.
 */
export function renderLogoPng(primaryColor: string): Buffer {
  const [r, g, b] = parseHexColor(primaryColor);
  const rows: Buffer[] = [];
  const center = (SIZE - 1) / 2;
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // leading 0: filter type "none"
    for (let x = 0; x < SIZE; x++) {
      const distance = Math.hypot(x - center, y - center);
      const offset = 1 + x * 4;
      if (distance > SIZE / 2) continue;
      const ring = distance > SIZE / 2 - 6 && distance < SIZE / 2 - 3;
      row[offset] = ring ? 255 : r;
      row[offset + 1] = ring ? 255 : g;
      row[offset + 2] = ring ? 255 : b;
      row[offset + 3] = 255;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

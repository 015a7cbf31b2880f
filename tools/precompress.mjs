// Writes .br (quality 11) and .gz (level 9) next to every compressible file in dist/,
// so the server sends the smallest bytes without compressing on each request.
// Usage: node tools/precompress.mjs dist
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2] || 'dist';
const compressible = /\.(js|wasm|css|json|html|svg)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    if (!compressible.test(name)) continue;
    const buf = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }));
    writeFileSync(`${path}.gz`, gzipSync(buf, { level: 9 }));
  }
}
walk(dist);

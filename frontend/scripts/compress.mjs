// Writes .gz and .br copies of every compressible file of the build next to it, so the gateway serves them
// precompressed (Spring's EncodedResourceResolver) instead of compressing on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const root = process.argv[2] ?? 'dist';
let raw = 0;
let gz = 0;
let br = 0;
for (const file of walk(root).filter((path) => COMPRESSIBLE.test(path))) {
  const bytes = readFileSync(file);
  const gzipped = gzipSync(bytes, { level: 9 });
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(`${file}.gz`, gzipped);
  writeFileSync(`${file}.br`, brotli);
  if (file.endsWith('.js')) {
    raw += bytes.length;
    gz += gzipped.length;
    br += brotli.length;
  }
}
console.log(`JavaScript: ${raw} bytes, ${gz} gzip, ${br} brotli`);

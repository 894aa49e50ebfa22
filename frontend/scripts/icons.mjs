// The console's icon font: Material Symbols Outlined cut down to the icons the console uses.
// The whole font is 4 MB (every icon, every weight); the cut is a few kB, so icons render with
// the text even on a slow phone link.
//
//   node scripts/icons.mjs           writes src/styles/icons/material-symbols.woff2 and icons.json
//   node scripts/icons.mjs --check   fails when the sources use an icon the font lacks, or the
//                                    font carries one nobody uses (npm test runs this)
//
// Which icons: every string literal in the sources (`'inbox'`, `"send"`) and every template
// text (`<mat-icon>inbox</mat-icon>`) that is a Material Symbols name. A name built at run time
// (`'arrow_' + side`) is not found: write icon names out whole.
//
// How: the woff2 is decoded (fontverter), each used name is shaped with HarfBuzz to find its
// glyph and code point, and HarfBuzz's subsetter keeps those glyphs, the letters their names
// are typed with, and only the ligatures that form them (no layout closure); the variable axes
// are pinned to the style the console shows (FILL 0, wght 400, GRAD 0, opsz 24).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import fontverter from 'fontverter';
import * as hb from 'harfbuzzjs';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'src/styles/icons');
const fontPath = join(outDir, 'material-symbols.woff2');
const manifestPath = join(outDir, 'icons.json');
const AXES = { FILL: 0, wght: 400, GRAD: 0, opsz: 24 };
// Ligatures are typed with these; they stay in the font so `inbox` still becomes the icon.
const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_';

const { values: options } = parseArgs({ options: { check: { type: 'boolean', default: false } } });

/** Every Material Symbols name, from the package's own list. */
function allIconNames() {
  const list = readFileSync(require.resolve('material-symbols/index.d.ts'), 'utf8');
  return new Set([...list.matchAll(/"([a-z0-9_]+)"/g)].map((match) => match[1]));
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // The generated API client names no icons.
      if (relative(root, path) !== join('src', 'app', 'core', 'api')) yield* sourceFiles(path);
    } else if (/\.(ts|html)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
      yield path;
    }
  }
}

/** The icon names the console's sources mention, sorted. */
export function usedIconNames() {
  const names = allIconNames();
  const used = new Set();
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const candidates = [
      ...[...text.matchAll(/'([a-z0-9_]+)'|"([a-z0-9_]+)"|`([a-z0-9_]+)`/g)].map(
        (match) => match[1] ?? match[2] ?? match[3],
      ),
      ...[...text.matchAll(/>\s*([a-z0-9_]+)\s*</g)].map((match) => match[1]),
    ];
    for (const candidate of candidates) if (names.has(candidate)) used.add(candidate);
  }
  return [...used].sort();
}

async function buildFont(icons) {
  const full = await fontverter.convert(
    readFileSync(require.resolve('material-symbols/material-symbols-outlined.woff2')),
    'truetype',
  );
  const face = new hb.Face(new hb.Blob(full));
  const font = new hb.Font(face);
  const glyphsOf = (text) => {
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    return buffer.getGlyphInfos().map((info) => info.codepoint);
  };
  // Each icon glyph also has a private-use code point: subsetting by code point keeps the glyph.
  const codePointOfGlyph = new Map();
  for (const codePoint of Array.from(face.collectUnicodes())) {
    if (codePoint < 0xe000) continue;
    const [glyph] = glyphsOf(String.fromCodePoint(codePoint));
    codePointOfGlyph.set(glyph, codePoint);
  }
  const codePoints = icons.map((name) => {
    const glyphs = glyphsOf(name);
    const codePoint = glyphs.length === 1 ? codePointOfGlyph.get(glyphs[0]) : undefined;
    if (codePoint === undefined) throw new Error(`icons: "${name}" is not an icon of the font`);
    return codePoint;
  });
  return subsetFont(full, NAME_CHARACTERS + String.fromCodePoint(...codePoints), {
    targetFormat: 'woff2',
    noLayoutClosure: true,
    variationAxes: AXES,
  });
}

const used = usedIconNames();
if (options.check) {
  const kept = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];
  const missing = used.filter((name) => !kept.includes(name));
  const unused = kept.filter((name) => !used.includes(name));
  if (missing.length > 0 || unused.length > 0 || !existsSync(fontPath)) {
    console.error(
      'icons: the icon font does not match the icons the sources use' +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unused.length ? `; unused: ${unused.join(', ')}` : '') +
        '. Run `npm run icons -w frontend` and commit src/styles/icons.',
    );
    process.exit(1);
  }
  console.log(`icons: the font holds exactly the ${used.length} icons the sources use`);
} else {
  const woff2 = await buildFont(used);
  mkdirSync(dirname(fontPath), { recursive: true });
  writeFileSync(fontPath, woff2);
  writeFileSync(manifestPath, `${JSON.stringify(used, null, 2)}\n`);
  console.log(
    `icons: ${used.length} icons, ${(woff2.length / 1000).toFixed(1)} kB (${relative(root, fontPath)})`,
  );
}

// Bundles the extension (client), the language server and the CLI into dist/ with esbuild (`--production`:
// minified, no source maps, as `npm run package` ships them), and compiles the default Kaltura schema
// snapshot that ships beside them (dist/kaltura-schema.json).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// RE2 (re2js, ~260 KB) is needed only by `matches` assertions: it ships as dist/re2js.js beside the bundles, which
// require it on first use, so that starting the server does not compile it.
const re2Apart = {
  name: 're2js-apart',
  setup(build) {
    build.onResolve({ filter: /^re2js$/ }, () => ({ path: './re2js.js', external: true }));
  },
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [re2Apart] }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [re2Apart] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [re2Apart] }),
  esbuild.build({ ...common, entryPoints: [require.resolve('re2js')], outfile: 'dist/re2js.js' }),
]);
// A production build has no source maps: remove those of an earlier development build, which no longer match.
if (production) {
  for (const name of ['extension.js.map', 'server.js.map', 'cli.js.map', 're2js.js.map']) fs.rmSync(path.join(root, 'dist', name), { force: true });
}

// The Kaltura schemas the project vendors (gzip, server/schemas/): the repository alone builds, runs and tests.
// Decompressed into out/schemas/ for the tests; the 22.19.0 one (or KREQ_SNAPSHOT_XML) is also the snapshot that
// ships in dist/: compiled (dist/kaltura-schema.json) and as XML, which `kreq sandbox` serves as /api_v3/api_schema.php.
const vendored = path.join(root, 'server', 'schemas');
const schemasOut = path.join(root, 'out', 'schemas');
fs.mkdirSync(schemasOut, { recursive: true });
for (const name of fs.readdirSync(vendored).filter((n) => n.endsWith('.xml.gz'))) {
  fs.writeFileSync(path.join(schemasOut, name.replace(/\.gz$/, '')), zlib.gunzipSync(fs.readFileSync(path.join(vendored, name))));
}
// The newest `kaltura-api-schema-<version>.xml.gz` is the one that ships (`npm run update-schema` adds newer ones).
const newest = fs.readdirSync(vendored)
  .map((name) => ({ name, version: /^kaltura-api-schema-(\d+(?:\.\d+)*)\.xml\.gz$/.exec(name)?.[1] }))
  .filter((f) => f.version)
  .sort((a, b) => {
    const x = a.version.split('.').map(Number);
    const y = b.version.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  })[0];
const xmlPath = process.env.KREQ_SNAPSHOT_XML || path.join(schemasOut, newest.name.replace(/\.gz$/, ''));
const snapshot = path.join(root, 'dist', 'kaltura-schema.json');
// tsc has run first (npm run build), so the compiled core is in out/.
const { readSchemaXml } = require(path.join(root, 'out/server/src/language/schema/schemaXml.js'));
const { compiledSnapshot } = require(path.join(root, 'out/server/src/node/schemaSource.js'));
const result = readSchemaXml(fs.readFileSync(xmlPath, 'utf8'));
if (result.problem) throw new Error(`${xmlPath}: ${result.problem}`);
fs.writeFileSync(snapshot, compiledSnapshot(result.data, `bundled:${result.data.apiVersion}`));
const snapshotXml = snapshot.replace(/\.json$/, '.xml');
fs.rmSync(snapshotXml, { force: true });
fs.copyFileSync(xmlPath, snapshotXml);

// The offline runtime relies on fixes to dependencies kept in patches/ and applied by patch-package in
// the `postinstall` script. `npm ci --ignore-scripts` skips it and leaves the unpatched library in place,
// which would run the workflow with behaviours that differ from AWS (see docs/fidelity.md).
// This check reads each patch and verifies that every line it adds is present in the installed file.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const patchesDir = path.join(root, 'patches');
const patches = fs.existsSync(patchesDir) ? fs.readdirSync(patchesDir).filter((f) => f.endsWith('.patch')) : [];

const problems = [];
for (const patch of patches) {
  let file;
  let installed = '';
  for (const line of fs.readFileSync(path.join(patchesDir, patch), 'utf8').split('\n')) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header) {
      file = header[1];
      const target = path.join(root, file);
      installed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      continue;
    }
    if (file && line.startsWith('+') && line.trim().length > 1 && !installed.includes(line.slice(1))) {
      problems.push(`${patch}: ${file} lacks the patched line ${JSON.stringify(line.slice(1).trim())}`);
      file = undefined; // one line is enough to report this file
    }
  }
}

if (problems.length > 0) {
  console.error(
    `${problems.join('\n')}\n` +
      'A patch in patches/ is not applied. Run `npm ci` with install scripts enabled, or `npx patch-package`.',
  );
  process.exit(1);
}

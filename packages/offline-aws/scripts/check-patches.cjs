// The offline runtime relies on fixes to dependencies kept in patches/ and applied by patch-package in
// the `postinstall` script. `npm ci --ignore-scripts` skips it and leaves the unpatched library in place,
// which would run the workflow with behaviours that differ from AWS (see packages/offline-aws/docs/fidelity.md).
// This check reads each patch and verifies that every line it adds is present in the installed file.
const fs = require('node:fs');
const path = require('node:path');

// The project that installed the packages: scripts run from its root, as npm runs them.
const root = process.cwd();
// The project's own patches (patches/) and this package's (patches/ beside this script's folder),
// as the project's postinstall script applies them.
const patchDirs = [path.join(root, 'patches'), path.join(__dirname, '..', 'patches')].filter((dir) =>
  fs.existsSync(dir),
);
const patches = patchDirs.flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .map((f) => path.join(dir, f)),
);

const problems = [];
for (const patch of patches) {
  let file;
  let installed = '';
  for (const line of fs.readFileSync(patch, 'utf8').split('\n')) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header) {
      file = header[1];
      const target = path.join(root, file);
      installed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      continue;
    }
    if (file && line.startsWith('+') && line.trim().length > 1 && !installed.includes(line.slice(1))) {
      problems.push(
        `${path.relative(root, patch)}: ${file} lacks the patched line ${JSON.stringify(line.slice(1).trim())}`,
      );
      file = undefined; // one line is enough to report this file
    }
  }
}

if (problems.length > 0) {
  console.error(
    `${problems.join('\n')}\n` +
      'A patch is not applied. Run `npm ci` with install scripts enabled, or `npm run postinstall`.',
  );
  process.exit(1);
}

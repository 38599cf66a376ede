// npm scripts run on the Node 24 binary that the `node` devDependency installs.
// When it is missing (e.g. `npm ci --ignore-scripts`), they would silently run on the system Node.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `This project needs Node.js >= 22 (Lambda runtime nodejs24.x); npm is running ${process.version}.\n` +
      'Run `npm ci` (with install scripts enabled) so the pinned Node 24 from the `node` devDependency is installed, ' +
      'or switch to Node 24 (`nvm use`).',
  );
  process.exit(1);
}

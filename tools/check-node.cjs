// npm scripts run on the Node 24 binary that the `node` devDependency installs: the version the
// project runs on (Lambda runtime nodejs24.x, `.nvmrc`, package.json `engines`). When the
// devDependency's binary is missing (e.g. `npm ci --ignore-scripts`), the scripts would silently run
// on the system Node instead. test/unit/docs/node-version.test.ts keeps this minimum, `.nvmrc`, both
// `engines`, the READMEs and every installed package's own `engines` in agreement.
const MINIMUM_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_MAJOR) {
  console.error(
    `This project runs on Node.js ${MINIMUM_MAJOR} (Lambda runtime nodejs${MINIMUM_MAJOR}.x); npm is running ${process.version}.\n` +
      `Run \`npm ci\` (with install scripts enabled) so the pinned Node ${MINIMUM_MAJOR} from the \`node\` devDependency is installed, ` +
      `or switch to Node ${MINIMUM_MAJOR} (\`nvm use\`).`,
  );
  process.exit(1);
}

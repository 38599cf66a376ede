'use strict';
/**
 * What the bundles need of `semver`, in place of the whole package (serverless.yml, custom.esbuild
 * `alias`): its only bundled user, aws-xray-sdk-core (patchers/aws_p.js), calls `semver.gte` and
 * nothing else. semver documents loading single functions this way
 * (`semver/functions/gte`) to keep the footprint small; it saves ~21 KB per bundle.
 * test/unit/tools/semver-alias.test.ts fails if a bundled module starts using anything else.
 * The path is relative because the alias would also remap `semver/functions/gte`.
 */
module.exports = { gte: require('../../node_modules/semver/functions/gte.js') };

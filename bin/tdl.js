#!/usr/bin/env node
"use strict";
// Runs the TypeScript CLI through tsx, so `tdl` works from any directory without a build step.
require("tsx/cjs");
const { main } = require("../server/cli/main.ts");

main(process.argv).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);

#!/usr/bin/env node
// The command line, bundled by npm run build (scripts/build.mjs): it starts faster than dist/cli/.
import "../dist/bundle/cli.js"

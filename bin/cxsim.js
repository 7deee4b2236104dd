#!/usr/bin/env node
// The command line, bundled by npm run build (scripts/build.mjs): it starts faster than dist/cli/.
import module from "node:module"

// Node 22.1 and later keep the compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.()
await import("../dist/bundle/cli.js")

/**
 * Write the JSON Schemas of the scenario and persona files to schema/, from the Effect Schemas
 * in src/model (see src/model/jsonSchema.ts). Run after changing a file format:
 *
 *   npx tsx scripts/generate-schema.ts
 *
 * Each file is written atomically (temporary file, then rename). test/model/jsonSchema.test.ts
 * fails while the committed files differ from what this script would write.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { schemaFiles } from "../src/model/jsonSchema.js"

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schema")
fs.mkdirSync(dir, { recursive: true })
for (const { name, text } of schemaFiles()) {
  const target = path.join(dir, name)
  const previous = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined
  if (previous === text) {
    console.log(`${path.relative(process.cwd(), target)} is up to date`)
    continue
  }
  const tmp = `${target}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, target)
  console.log(`wrote ${path.relative(process.cwd(), target)}`)
}

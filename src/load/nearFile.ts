/**
 * What to say about an input file that does not exist: a file of its folder with a near name
 * (`airline.yml` for `airline.yaml`, a letter left out), written the way the user wrote the path.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { didYouMean } from "./Issue.js"

/** `did you mean DIR/NAME?` for a near file name in the folder of `file`, else undefined. */
export const nearFileHint = (file: string, cwd: string = process.cwd()): string | undefined => {
  let names: string[]
  try {
    names = fs
      .readdirSync(path.resolve(cwd, path.dirname(file)), { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
  } catch {
    return undefined
  }
  const near = didYouMean(path.basename(file), names)
  if (near === undefined) return undefined
  return `did you mean ${path.join(path.dirname(file), near)}?`
}

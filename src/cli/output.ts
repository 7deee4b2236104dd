/**
 * Writing outputs (design.md, contract — files): atomically (a temporary file in the same
 * folder, then rename), never over an input, and never over a file cxsim did not write unless
 * --force.
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { FileError, UsageError } from "../load/errors.js"
import { describeFsError } from "../load/YamlFile.js"

/** Does the file look like something cxsim wrote (a report in one of its formats)? */
export const looksLikeOurs = (head: string): boolean =>
  /"engine":\s*\{\s*"name":\s*"cxsim"/.test(head) ||
  head.startsWith("scenario,variant,seed,") ||
  /<!-- cxsim (report|comparison|bench|validity) -->/.test(head) ||
  head.startsWith("cxsim ")

export interface WriteOptions {
  readonly force: boolean
  /** Files that must never be overwritten (the scenario and its personas). */
  readonly inputs: ReadonlyArray<string>
}

export const checkOutput = async (file: string, o: WriteOptions): Promise<void> => {
  const target = path.resolve(file)
  if (o.inputs.some((i) => path.resolve(i) === target)) {
    throw new UsageError({ message: `--out ${file} is one of the input files; cxsim never overwrites its inputs`, hint: "choose another output file" })
  }
  let head: string | undefined
  try {
    const h = await fs.open(target, "r")
    try {
      const buf = Buffer.alloc(4096)
      const { bytesRead } = await h.read(buf, 0, 4096, 0)
      head = buf.subarray(0, bytesRead).toString("utf8")
    } finally {
      await h.close()
    }
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === "ENOENT") return
    if (code === "EISDIR") throw new UsageError({ message: `--out ${file} is a directory`, hint: "give a file name" })
    throw new FileError({ file, message: describeFsError(e) })
  }
  if (!o.force && head !== undefined && !looksLikeOurs(head)) {
    throw new UsageError({ message: `${file} exists and was not written by cxsim; not overwriting it`, hint: "choose another file, or add --force to replace it" })
  }
}

/** Write via a temporary file and rename, so a reader never sees a half-written report. */
export const writeAtomic = async (file: string, content: string): Promise<void> => {
  const target = path.resolve(file)
  const tmp = path.join(path.dirname(target), `.cxsim-tmp-${process.pid}-${path.basename(target)}`)
  try {
    await fs.writeFile(tmp, content, { encoding: "utf8", flag: "wx" })
    await fs.rename(tmp, target)
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw new FileError({ file, message: `cannot write: ${describeFsError(e)}` })
  }
}

/**
 * The --records file follows the --out rules (design.md, contract — files): never an input,
 * never the report's own file, and never over a file cxsim did not write unless --force. A
 * records file is recognised as ours by its metadata: the first line (NDJSON), the key-value
 * metadata in the footer (Parquet), or the FILE.meta.json beside it (CSV).
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { FileError, UsageError } from "../load/errors.js"
import { describeFsError } from "../load/YamlFile.js"
import type { RecordsFormat } from "../records/RecordsMeta.js"

/** Does the head of a records file (or of its sidecar) look like cxsim's metadata? */
const looksLikeOurs = (head: string): boolean => /"engine":\s*\{\s*"name":\s*"cxsim"/.test(head) || head.startsWith("cxsim ")

/** Bytes at the start (NDJSON) or the end (Parquet footer) of a file, or undefined when there is no file. */
const readPart = async (file: string, where: "head" | "tail", flag: string): Promise<string | undefined> => {
  try {
    const h = await fs.open(file, "r")
    try {
      const size = (await h.stat()).size
      const n = Math.min(size, where === "head" ? 4096 : 65536)
      const buf = Buffer.alloc(n)
      await h.read(buf, 0, n, where === "head" ? 0 : size - n)
      return buf.toString("utf8")
    } finally {
      await h.close()
    }
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === "ENOENT") return undefined
    if (code === "EISDIR") throw new UsageError({ message: `${flag} ${file} is a directory`, hint: "give a file name" })
    throw new FileError({ file, message: describeFsError(e) })
  }
}

const notOurs = (file: string): UsageError =>
  new UsageError({ message: `${file} exists and was not written by cxsim; not overwriting it`, hint: "choose another file, or add --force to replace it" })

/** Check that `cxsim run --records FILE` may write FILE (and, for CSV, FILE.meta.json). */
export const checkRecordsOutput = async (
  file: string,
  format: RecordsFormat,
  o: { readonly force: boolean; readonly inputs: ReadonlyArray<string>; readonly out: string | undefined }
): Promise<void> => {
  const target = path.resolve(file)
  const sidecar = `${file}.meta.json`
  for (const f of format === "csv" ? [file, sidecar] : [file]) {
    if (o.inputs.some((i) => path.resolve(i) === path.resolve(f))) {
      throw new UsageError({ message: `--records ${file} would overwrite ${f}, one of the input files; cxsim never overwrites its inputs`, hint: "choose another records file" })
    }
    if (o.out !== undefined && path.resolve(o.out) === path.resolve(f)) {
      throw new UsageError({ message: `--out and --records name the same file, ${f}`, hint: "give the report and the records their own files" })
    }
  }
  const part = await readPart(target, format === "parquet" ? "tail" : "head", "--records")
  const meta = format === "csv" ? await readPart(path.resolve(sidecar), "head", "--records") : undefined
  if (o.force) return
  if (meta !== undefined && !looksLikeOurs(meta)) throw notOurs(sidecar)
  if (part === undefined) return
  const ours = format === "csv" ? meta !== undefined : format === "ndjson" ? looksLikeOurs(part) : /"engine":\{"name":"cxsim"/.test(part)
  if (!ours) throw notOurs(file)
}

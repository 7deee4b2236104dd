/**
 * Writing outputs (design.md, contract — files): atomically (a temporary file created exclusively
 * beside the target, then rename), never over an input however it is named (real paths and
 * file identities are compared, so another spelling, a symlink or a hard link changes nothing),
 * only to regular files, and never over a file cxsim did not write unless --force.
 *
 * "Written by cxsim" means: the file carries cxsim's checksum mark and the mark matches the rest
 * of the file (src/checksum.ts). A file that merely begins like a report, or a report edited
 * since, is not cxsim's; neither is a CSV file, which has no room for a mark.
 */
import * as Effect from "effect/Effect"
import type { Stats } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { sign, unsign } from "../checksum.js"
import { createTemp, realTarget, replaceWith } from "../load/atomicFile.js"
import { FileError, UsageError } from "../load/errors.js"
import { describeFsError } from "../load/YamlFile.js"

/** Files larger than this are not read to check their mark: cxsim's outputs are far smaller. */
const MAX_OWNED_BYTES = 64 * 1024 * 1024

/** Was the text written by cxsim and not changed since (its checksum mark matches)? */
export const writtenByCxsim = (text: string): boolean => unsign(text).mark === "valid"

export interface WriteOptions {
  /** Replace an existing file that cxsim did not write. @default false */
  readonly force: boolean
  /** Files that must never be overwritten (the scenario and its personas, the parts…). */
  readonly inputs: ReadonlyArray<string>
  /**
   * Add the checksum mark that says cxsim wrote the file. Off for files that grow by appending
   * (a sweep's rows), whose own metadata line says whose they are. @default true
   */
  readonly mark?: boolean
  /**
   * Also cxsim's: a file that this test accepts, for a format cxsim reads back and validates in
   * full (the stored results of `cxsim bench`, which a repository may hold as committed before
   * checksums). @default none
   */
  readonly owned?: ((text: string) => boolean) | undefined
  /** The option that names the file, in messages. @default "--out" */
  readonly option?: string | undefined
}

const kindOf = (s: Stats): string | undefined =>
  s.isFIFO()
    ? "a FIFO (named pipe)"
    : s.isCharacterDevice() || s.isBlockDevice()
      ? "a device"
      : s.isSocket()
        ? "a socket"
        : s.isDirectory()
          ? "a directory"
          : s.isFile()
            ? undefined
            : "not a regular file"

const code = (e: unknown): string | undefined => (e as { code?: string } | null)?.code

/** The real path and identity of an input (its own path when it cannot be resolved). */
const identify = async (file: string): Promise<{ readonly real: string; readonly stat: Stats | undefined }> => {
  const real = await realTarget(file).catch(() => file)
  const stat = await fs.stat(real).catch(() => undefined)
  return { real, stat }
}

/**
 * Check that `file` may be written: not an input under any name, a regular file or nothing yet,
 * and cxsim's own unless `force`. Never opens anything but a regular file, so a FIFO cannot block.
 */
export const checkOutput = async (file: string, o: WriteOptions): Promise<void> => {
  let target: string
  try {
    target = await realTarget(file)
  } catch (e) {
    throw new FileError({ file, message: `cannot write: ${code(e) === "ENOENT" ? "its folder does not exist" : describeFsError(e)}` })
  }
  const stat = await fs.stat(target).catch((e: unknown) => {
    if (code(e) === "ENOENT") return undefined
    throw new FileError({ file, message: `cannot write: ${describeFsError(e)}` })
  })
  for (const input of o.inputs) {
    const i = await identify(input)
    const sameFile = i.real === target || (stat !== undefined && i.stat !== undefined && i.stat.dev === stat.dev && i.stat.ino === stat.ino)
    if (sameFile) {
      throw new UsageError({
        message: `${o.option ?? "--out"} ${file} is ${path.resolve(input) === path.resolve(file) ? "one of the input files" : `the input ${input} under another name`}; cxsim never overwrites its inputs`,
        hint: "choose another output file"
      })
    }
  }
  if (stat === undefined) return
  const kind = kindOf(stat)
  if (kind !== undefined) {
    throw new UsageError({
      message: `${o.option ?? "--out"} ${file} is ${kind}; cxsim writes its outputs to regular files only`,
      hint: kind === "a directory" ? "give a file name" : `leave out ${o.option ?? "--out"} and redirect the standard output instead`
    })
  }
  if (o.force) return
  let ours = false
  if (stat.size <= MAX_OWNED_BYTES) {
    const text = await fs.readFile(target, "utf8").catch((e: unknown) => {
      throw new FileError({ file, message: `cannot write: ${describeFsError(e)}` })
    })
    ours = writtenByCxsim(text) || (o.owned?.(text) ?? false)
  }
  if (!ours) {
    throw new UsageError({ message: `${file} exists and was not written by cxsim; not overwriting it`, hint: "choose another file, or add --force to replace it" })
  }
}

/**
 * Write an output: checked again (`checkOutput`: the file system may have changed while the
 * simulation ran), marked with cxsim's checksum, then written atomically through a temporary
 * file created exclusively beside it.
 */
export const writeAtomic = async (file: string, content: string, o: WriteOptions): Promise<void> => {
  await checkOutput(file, o)
  try {
    const target = await realTarget(file)
    await replaceWith(await createTemp(target, o.mark === false ? content : sign(content)), target)
  } catch (e) {
    throw new FileError({ file, message: `cannot write: ${describeFsError(e)}` })
  }
}

/** Our file helpers reject only with tagged errors (UsageError, FileError). */
export const fromTaggedPromise = <A>(f: () => Promise<A>) =>
  Effect.tryPromise({ try: f, catch: (e) => e as UsageError | FileError })

/**
 * Reading an input file whole, within a size bound: only a regular file is opened (a FIFO or a
 * device such as /dev/zero would block or never end), its size is checked before reading, and
 * no more than the bound is read even if the file grows meanwhile.
 */
import * as fs from "node:fs/promises"
import { FileError } from "./errors.js"
import { describeFsError } from "./YamlFile.js"

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1)} MiB`

/**
 * The text of `file`, or a FileError naming it: not a regular file, larger than `maxBytes`, or
 * unreadable.
 *
 * @example
 * const text = await readBounded("part-1.json", 64 * 1024 * 1024)
 */
export const readBounded = async (file: string, maxBytes: number): Promise<string> => (await readBoundedBytes(file, maxBytes)).toString("utf8")

/**
 * The bytes of `file`, with the checks of `readBounded`: for a reader that decodes them itself.
 *
 * @example
 * const bytes = await readBoundedBytes("points.csv", MAX_FILE_BYTES)
 */
export const readBoundedBytes = async (file: string, maxBytes: number): Promise<Buffer> => {
  const stat = await fs.stat(file).catch((e: unknown) => {
    throw new FileError({ file, message: describeFsError(e) })
  })
  if (!stat.isFile()) throw new FileError({ file, message: `${stat.isDirectory() ? "a directory" : "not a regular file"}; give the file itself` })
  const tooLarge = (): FileError => new FileError({ file, message: `the file is larger than ${mib(maxBytes)}, the most cxsim reads here` })
  if (stat.size > maxBytes) throw tooLarge()
  let h: fs.FileHandle
  try {
    h = await fs.open(file, "r")
  } catch (e) {
    throw new FileError({ file, message: describeFsError(e) })
  }
  try {
    // One byte more than the size seen: reading it means the file grew meanwhile.
    const buf = Buffer.alloc(stat.size + 1)
    let n = 0
    for (;;) {
      const { bytesRead } = await h.read(buf, n, buf.length - n, n)
      if (bytesRead === 0) break
      n += bytesRead
      if (n === buf.length) throw new FileError({ file, message: "the file grew while cxsim read it; read it again when it is complete" })
    }
    return buf.subarray(0, n)
  } catch (e) {
    throw e instanceof FileError ? e : new FileError({ file, message: describeFsError(e) })
  } finally {
    await h.close().catch(() => {})
  }
}

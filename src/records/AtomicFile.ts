/**
 * A file written in pieces and published whole (design.md, contract — files): the pieces go to a
 * temporary file beside the target (the name cxsim's other outputs use), which is renamed over
 * the target once complete, or removed if the run fails or is interrupted. Synchronous writes:
 * a consumer that writes holds the producer (backpressure), and memory stays flat.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { FileError } from "../load/errors.js"
import { describeFsError } from "../load/YamlFile.js"

export class AtomicFile {
  readonly tmp: string
  private fd: number | undefined

  constructor(readonly file: string) {
    const target = path.resolve(file)
    this.tmp = path.join(path.dirname(target), `.cxsim-tmp-${process.pid}-${path.basename(target)}`)
    try {
      this.fd = fs.openSync(this.tmp, "wx")
    } catch (e) {
      // The temporary file is new: "no such file" can only mean its folder.
      const missing = (e as { code?: string } | null)?.code === "ENOENT"
      throw new FileError({ file, message: `cannot write: ${missing ? "its folder does not exist" : describeFsError(e)}` })
    }
  }

  write(bytes: Uint8Array | string): void {
    if (this.fd === undefined) throw new Error("AtomicFile.write requires an open file")
    try {
      if (typeof bytes === "string") fs.writeSync(this.fd, bytes)
      else {
        let off = 0
        while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off)
      }
    } catch (e) {
      this.abort()
      throw new FileError({ file: this.file, message: `cannot write: ${describeFsError(e)}` })
    }
  }

  /** Publish: close the temporary file and rename it over the target. */
  commit(): void {
    if (this.fd === undefined) throw new Error("AtomicFile.commit requires an open file")
    try {
      fs.closeSync(this.fd)
      this.fd = undefined
      fs.renameSync(this.tmp, path.resolve(this.file))
    } catch (e) {
      this.abort()
      throw new FileError({ file: this.file, message: `cannot write: ${describeFsError(e)}` })
    }
  }

  /** Give up: close and remove the temporary file (nothing is left behind). */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd)
      } catch {
        // already closed or broken: the removal below is what matters
      }
      this.fd = undefined
    }
    fs.rmSync(this.tmp, { force: true })
  }
}

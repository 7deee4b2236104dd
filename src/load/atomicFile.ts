/**
 * Replacing a file atomically and safely: the new content goes to a temporary file created
 * exclusively (O_CREAT | O_EXCL, so a planted file or symlink at that name makes it fail rather
 * than be followed) under a random name in the target's folder, then is renamed over the target.
 * A reader sees the old file or the new one, never half of one; the target stays a regular file.
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"

/** The path a write to `file` really lands on: symlinks (of the file and its folders) resolved. */
export const realTarget = async (file: string): Promise<string> => {
  const abs = path.resolve(file)
  try {
    return await fs.realpath(abs)
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw e
    // Not there yet (or a dangling link): the folder's real path and the name.
    const link = await fs.readlink(abs).catch(() => undefined)
    if (link !== undefined) return realTarget(path.resolve(path.dirname(abs), link))
    return path.join(await fs.realpath(path.dirname(abs)), path.basename(abs))
  }
}

/** A new temporary file beside `target` holding `content`, created exclusively; its path. */
export const createTemp = async (target: string, content: string, mode?: number): Promise<string> => {
  const dir = path.dirname(target)
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `.cxsim-tmp-${randomBytes(8).toString("hex")}-${path.basename(target)}`)
    let h: fs.FileHandle
    try {
      h = await fs.open(tmp, "wx", mode ?? 0o666)
    } catch (e) {
      if ((e as { code?: string }).code === "EEXIST" && attempt < 8) continue
      throw e
    }
    try {
      await h.writeFile(content, "utf8")
      if (mode !== undefined) await h.chmod(mode)
      await h.sync()
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {})
      throw e
    } finally {
      await h.close().catch(() => {})
    }
    return tmp
  }
}

/** Rename `tmp` over `target`; the temporary file is removed if that fails. */
export const replaceWith = async (tmp: string, target: string): Promise<void> => {
  try {
    await fs.rename(tmp, target)
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {})
    throw e
  }
}

/**
 * Write `content` to `file` atomically, through its real path (so a symlinked output keeps its
 * link and the file it points to is replaced).
 *
 * @example
 * await writeFileAtomic("out/report.json", text)
 * @param mode permission bits of the new file. @default 0o666 less the umask
 */
export const writeFileAtomic = async (file: string, content: string, mode?: number): Promise<void> => {
  const target = await realTarget(file)
  await replaceWith(await createTemp(target, content, mode), target)
}

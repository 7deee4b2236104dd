/**
 * The expected, user-facing failures of loading and running. The CLI maps each tag to a message
 * and an exit code (design.md, contract — exit codes).
 */
import * as Schema from "effect/Schema"
import { formatIssue } from "./Issue.js"

const IssueSchema = Schema.Struct({
  file: Schema.String,
  line: Schema.optional(Schema.Number),
  column: Schema.optional(Schema.Number),
  path: Schema.String,
  message: Schema.String,
  hint: Schema.optional(Schema.String)
})

/** Problems listed in `InvalidInput.message`; the rest are counted (`issues` has them all). */
const LISTED_IN_MESSAGE = 5

/**
 * A scenario, persona or data file is invalid (exit code 3). Its `message` lists the first
 * problems as the command line prints them, so that a script that only prints the error (or
 * leaves it unhandled) still says where and what.
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  issues: Schema.Array(IssueSchema)
}) {
  override get message(): string {
    const n = this.issues.length
    const listed = this.issues.slice(0, LISTED_IN_MESSAGE).map((i) => `\n${formatIssue(i)}`).join("")
    const more = n > LISTED_IN_MESSAGE ? `\nand ${n - LISTED_IN_MESSAGE} more (see issues)` : ""
    return `${n} problem${n === 1 ? "" : "s"} in the input${n === 0 ? "" : ":"}${listed}${more}`
  }
}

/**
 * A file could not be read or written (exit code 4 for output, 3 for a missing input): `file`, and
 * what went wrong in `message` (without the file). `toString()` gives both.
 */
export class FileError extends Schema.TaggedError<FileError>()("FileError", {
  file: Schema.String,
  message: Schema.String
}) {
  override toString(): string {
    return `FileError: ${this.file}: ${this.message}`
  }
}

/** The command line was wrong (exit code 2). */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String,
  hint: Schema.optional(Schema.String)
}) {}

/** The parts given to `merge` are not the shards of one run, exactly once each (exit code 3). */
export class MergeError extends Schema.TaggedError<MergeError>()("MergeError", {
  /** One sentence per problem, naming the part files concerned. */
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.problems.length} problem${this.problems.length === 1 ? "" : "s"} with the parts: ${this.problems.join("; ")}`
  }
}

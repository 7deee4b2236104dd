/**
 * The expected, user-facing failures of loading and running. The CLI maps each tag to a message
 * and an exit code (design.md, contract — exit codes).
 */
import * as Schema from "effect/Schema"

const IssueSchema = Schema.Struct({
  file: Schema.String,
  line: Schema.optional(Schema.Number),
  column: Schema.optional(Schema.Number),
  path: Schema.String,
  message: Schema.String,
  hint: Schema.optional(Schema.String)
})

/** A scenario, persona or data file is invalid (exit code 3). */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  issues: Schema.Array(IssueSchema)
}) {
  override get message(): string {
    return `${this.issues.length} problem${this.issues.length === 1 ? "" : "s"} in the input`
  }
}

/** A file could not be read or written (exit code 4 for output, 3 for a missing input). */
export class FileError extends Schema.TaggedError<FileError>()("FileError", {
  file: Schema.String,
  message: Schema.String
}) {}

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

/** The signature of `inputs` (paths relative to `root`, files or folders): scripts/signature.mjs. */
export declare const signature: (root: string, inputs: ReadonlyArray<string>) => string
/** What a build of dist/ reads, relative to the project's root. */
export declare const buildInputs: ReadonlyArray<string>

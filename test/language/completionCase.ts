/** The shape of a completion test case: a document with a `|` cursor and what completing there must give. */

export interface ExpectedItem {
  readonly label: string;
  /** The whole document after applying the item's edit. */
  readonly resultText: string;
  /** `labelDetails.detail`, when the case is about the mark (` (required)`, ` (read-only)`). */
  readonly labelDetail?: string;
  readonly deprecated?: boolean;
  /** The item's `detail`, exactly. */
  readonly detail?: string;
  /** A text the item's documentation must contain. */
  readonly documentation?: string;
}

export interface Expectations {
  readonly items?: readonly ExpectedItem[];
  readonly notLabels?: readonly string[];
  /** The first labels in the order the client shows them before filtering (sortText, then label). */
  readonly firstLabels?: readonly string[];
  /** Exact number of items (0: the cursor is in a `none` context). */
  readonly count?: number;
  /** Run completion this many times and report the fastest (timing without GC and machine noise). */
  readonly timingRuns?: number;
}

export interface Case {
  readonly name: string;
  readonly input: string;
  readonly expect: Expectations;
}

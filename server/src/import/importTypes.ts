/** The shapes the import converter passes between its readers (cURL, URL, log line) and the `.kreq` writer. */

/** Where an imported request came from. */
export type ImportSource = 'curl' | 'url' | 'log';

/** A Kaltura API request as read from pasted text, before it is written as a `.kreq` block. */
export interface ImportedRequest {
  readonly source: ImportSource;
  /** The part of the URL before `/api_v3` (or `/api`), when there was a URL. */
  readonly serviceUrl?: string;
  /** Every parameter as it travels on the wire (`filter:nameLike`, `1:service`), merged with the server's precedence
   *  (path pairs > query > body) and kept in first-seen order. */
  readonly fields: ReadonlyArray<readonly [string, string]>;
  /** Uploaded files: the form field (`fileData`, `2:fileData`) and the path cURL would read. */
  readonly files: ReadonlyArray<readonly [string, string]>;
  /** What the reader left out or changed, for the user. */
  readonly notes: readonly string[];
}

/** What the converter answers: the `.kreq` text and notes, or why the text could not be imported. */
export type ImportResult = { readonly kreq: string; readonly notes: readonly string[] } | { readonly problem: string };

/** A reader's answer: the request, or why the text is not one. */
export type ReadResult = ImportedRequest | { readonly problem: string };

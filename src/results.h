/* results — a batch's results for machines: one JSON object a brief, on one line (JSON Lines,
 * cJSON), with its status, exit and reason codes, the message, what the render decided, the time
 * it took, the SHA-256 of its PDF and the fingerprint of the engine that set it. */
#ifndef JB_RESULTS_H
#define JB_RESULTS_H

#include "batch.h"
#include "jianbao.h"

/* The result line of item (rendered, skipped or failed; result as the batch's progress call gives
 * it, NULL when there is none), ending in "\n". Keys: input, output, status ("ok", "skipped",
 * "failed"), exit_code, reason (jb_status_name: "ok", "overflow", "encoding" …), message and hint
 * (null when ok), file, line, column (where, null when unknown), body_pt, lines, pages, figures,
 * sections (null unless rendered), seconds, bytes and sha256 (the item's: of the PDF as the batch
 * wrote it, jb_batch_opts.hash; null when there is none), fingerprint (null when not asked for).
 * Reads no file. Caller frees the line with free(); NULL when out of memory. */
char *jb_results_line(const jb_batch_item *item, const jb_result *result);

#endif

/* clock — the monotonic clock in seconds, for time limits (docx, serve) and a batch's timings. */
#ifndef JB_CLOCK_H
#define JB_CLOCK_H

/* Seconds on CLOCK_MONOTONIC: only differences mean anything. */
double jb_clock_s(void);

#endif

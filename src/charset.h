/* charset — guesses the legacy encoding of bytes that are not UTF-8 (Big5, Shift_JIS, EUC-KR, …)
 * with ICU's charset detector, through the icu module (plugin.h) loaded on first use. */
#ifndef JB_CHARSET_H
#define JB_CHARSET_H

#include <stddef.h>

/* ICU's best guess for the encoding of bytes[0..len) ("GB18030", "Big5", "Shift_JIS",
 * "ISO-8859-1", …), a static string, or NULL when ICU cannot be loaded or has no guess. Safe
 * from any thread. */
const char *jb_charset_guess(const char *bytes, size_t len);

#endif

/* normalize — ASCII punctuation in Chinese text made full-width by the rules of RULES.md
 * §4.3, leaving numbers (1,000  74.2  18:30), URLs, domains and Latin phrases as they are. */
#ifndef JB_NORMALIZE_H
#define JB_NORMALIZE_H

#include "doc.h"

/* Rewrites t in place: , : ; ? ! ( ) . " ' ... -- ~ become ，：；？！（）。“”‘’……——～ where
 * their context is Chinese. Source offsets stay with the characters they came from. Returns 0,
 * or -1 when out of memory (t is then unchanged). */
int jb_normalize_text(jb_text *t);

/* Whitespace in Chinese text is not content (§4.3): drops every run of spaces, tabs, line ends,
 * U+3000 and U+00A0 except one space between two ASCII characters (Latin words, numbers); trims
 * both ends; a run that separates names or issuers (记者 刘晓明 通讯员 陈思远, 中共中央 国务院)
 * becomes one U+3000. keep_single 1 keeps one space in every run (bylines: names stay apart);
 * 2 (titles) also keeps a run between two Han characters as one U+3000: it parts two phrases
 * (守正创新踔厉奋发　奋力开创新局面), where a two-line title breaks first (RULES §5.4.1). */
void jb_normalize_space(jb_text *t, int keep_single);

/* Applies jb_normalize_text to the title, the lead, the section heads and paragraphs (not to
 * metadata such as the date or the issue number). Returns 0 or -1 (out of memory). */
int jb_normalize_doc(jb_doc *doc);

#endif

/* font_cff_int — the CFF structures font_cff.c and font_cff_read.c share: an INDEX, a DICT entry,
 * and their reads (Adobe TN 5176). Internal. */
#ifndef JB_FONT_CFF_INT_H
#define JB_FONT_CFF_INT_H

#include <stddef.h>

typedef struct {
    const unsigned char *off;  /* the offsets */
    const unsigned char *data; /* the byte before the first object (offsets count from 1) */
    unsigned count, osz;
    size_t end; /* the last offset: objects end at data + end */
} cff_index;

/* One DICT entry: its operator (12 x as 1200 + x), integer operands (reals read as 0), and where
 * its operands start. */
typedef struct {
    int op, n;
    long v[48];
    const unsigned char *start, *next;
} dict_entry;

/* Reads the INDEX at *at; moves *at past it. -1 when it runs past the table. */
int jb_cff_index_read(const unsigned char *c, size_t len, size_t *at, cff_index *x);
/* Object i of an INDEX. -1 when its offsets are out of order or past the INDEX. */
int jb_cff_index_get(const cff_index *x, unsigned i, const unsigned char **p, size_t *n);
/* The bias of subroutine numbers for an INDEX of count subroutines. */
int jb_cff_subr_bias(unsigned count);
/* Reads the entry at p (before end) into e. -1 at a malformed entry. */
int jb_cff_dict_next(const unsigned char *p, const unsigned char *end, dict_entry *e);
/* A string by SID: only the font's own strings (SID 391 on) are needed. -1 for others. */
int jb_cff_string_get(const cff_index *strings, long sid, const unsigned char **p, size_t *n);

#endif

/* font_cff — a CFF face read once per engine, each glyph's charstring flattened once, and the
 * CID-keyed subset a PDF embeds written from that (Adobe TN 5176 and TN 5177).
 *
 * Why not HarfBuzz's subsetter, which the PDF used before: it costs about 45,000 instructions a
 * glyph (it runs each charstring twice, to find accent components and to flatten it) and keeps
 * nothing between subsets of one face, so a brief in a batch paid 24.7 M for the glyphs the
 * briefs before it had already flattened. Here the face is read once and a glyph flattened once
 * per engine; a subset then only copies bytes (docs/SPEED.md has the figures). The OFD's font
 * files and TrueType faces are still HarfBuzz's. */
#include "font_cff.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "font_cff_int.h"
#include "font_int.h"

typedef struct {
    const unsigned char *matrix; /* the Font DICT's FontMatrix, operands and operator, or NULL */
    size_t matrix_len;
    cff_index subrs; /* local subroutines (count 0 when none) */
    int bias;
    /* defaultWidthX and nominalWidthX of the Private DICT (operands and operator), or NULL: a
     * flattened charstring keeps its width relative to nominalWidthX */
    const unsigned char *dflt, *nominal;
    size_t dflt_len, nominal_len;
} cff_fd;

/* A glyph's charstring, flattened: subroutines inlined, hints dropped, the width kept. */
typedef struct flat_glyph {
    struct flat_glyph *next; /* the face's glyphs made so far, for jb_cff_free */
    size_t len;
    unsigned char fd;
    unsigned char bytes[];
} flat_glyph;

static flat_glyph bad_glyph; /* the slot of a glyph the flattener does not take */

struct jb_cff {
    const unsigned char *c;
    size_t len;
    const unsigned char *name; /* the Name INDEX's one name */
    size_t name_len;
    const unsigned char *reg, *ord; /* ROS strings (CID-keyed), else NULL */
    size_t reg_len, ord_len;
    long supplement;
    const unsigned char *matrix; /* the Top DICT's FontMatrix (operands and operator), or NULL */
    size_t matrix_len;
    cff_index charstrings, gsubrs;
    int gbias;
    const unsigned char *fdselect; /* CID-keyed: format 0 or 3, else NULL (one FD) */
    cff_fd *fds;
    unsigned n_fds;
    _Atomic(flat_glyph *) *glyph; /* filled on first use */
    _Atomic(flat_glyph *) made;   /* the glyphs flattened, a list (pushed lock-free) */
};

/* Reads the Private DICT at [off, off + size) into fd. -1 when it is out of the table. */
static int
private_read(const jb_cff *cff, long size, long off, cff_fd *fd)
{
    if (size < 0 || off < 0 || (size_t)off > cff->len || (size_t)size > cff->len - (size_t)off)
        return -1;
    const unsigned char *p = cff->c + off, *end = p + size;
    dict_entry e;
    while (p < end) {
        if (jb_cff_dict_next(p, end, &e) != 0)
            return -1;
        if (e.op == 19 && e.n == 1) {
            size_t at = (size_t)off + (size_t)e.v[0];
            if (e.v[0] <= 0 || jb_cff_index_read(cff->c, cff->len, &at, &fd->subrs) != 0)
                return -1;
        } else if (e.op == 20)
            fd->dflt = e.start, fd->dflt_len = (size_t)(e.next - e.start);
        else if (e.op == 21)
            fd->nominal = e.start, fd->nominal_len = (size_t)(e.next - e.start);
        p = e.next;
    }
    fd->bias = jb_cff_subr_bias(fd->subrs.count);
    return 0;
}

jb_cff *
jb_cff_open(const unsigned char *c, size_t len)
{
    jb_cff *cff = calloc(1, sizeof *cff);
    cff_index names, tops, strings, fdarray = {0};
    size_t at;
    const unsigned char *top, *p;
    size_t top_len;
    dict_entry e;
    long charstrings = -1, fdarray_off = -1, fdselect = -1, priv[2] = {-1, -1}, ros[3] = {0};
    int cid = 0;

    if (cff == NULL)
        return NULL;
    cff->c = c, cff->len = len;
    if (len < 4 || c[0] != 1 || c[2] < 4)
        goto bad;
    at = c[2];
    if (jb_cff_index_read(c, len, &at, &names) != 0 || names.count != 1 ||
        jb_cff_index_get(&names, 0, &cff->name, &cff->name_len) != 0 ||
        jb_cff_index_read(c, len, &at, &tops) != 0 || tops.count != 1 ||
        jb_cff_index_get(&tops, 0, &top, &top_len) != 0 ||
        jb_cff_index_read(c, len, &at, &strings) != 0 ||
        jb_cff_index_read(c, len, &at, &cff->gsubrs) != 0)
        goto bad;
    cff->gbias = jb_cff_subr_bias(cff->gsubrs.count);
    for (p = top; p < top + top_len; p = e.next) {
        if (jb_cff_dict_next(p, top + top_len, &e) != 0)
            goto bad;
        if (e.op == 1230 && e.n == 3)
            cid = 1, ros[0] = e.v[0], ros[1] = e.v[1], ros[2] = e.v[2];
        else if (e.op == 17 && e.n == 1)
            charstrings = e.v[0];
        else if (e.op == 18 && e.n == 2)
            priv[0] = e.v[0], priv[1] = e.v[1];
        else if (e.op == 1236 && e.n == 1)
            fdarray_off = e.v[0];
        else if (e.op == 1237 && e.n == 1)
            fdselect = e.v[0];
        else if (e.op == 1207)
            cff->matrix = e.start, cff->matrix_len = (size_t)(e.next - e.start);
        else if ((e.op == 1206 && (e.n != 1 || e.v[0] != 2)) || e.op == 1220)
            goto bad; /* Type 1 charstrings, or a synthetic font */
    }
    if (charstrings <= 0 || (size_t)charstrings >= len)
        goto bad;
    at = (size_t)charstrings;
    if (jb_cff_index_read(c, len, &at, &cff->charstrings) != 0 || cff->charstrings.count == 0)
        goto bad;
    if (cid) {
        if (jb_cff_string_get(&strings, ros[0], &cff->reg, &cff->reg_len) != 0 ||
            jb_cff_string_get(&strings, ros[1], &cff->ord, &cff->ord_len) != 0 ||
            fdarray_off <= 0 || fdselect <= 0 || (size_t)fdarray_off >= len ||
            (size_t)fdselect >= len)
            goto bad;
        cff->supplement = ros[2];
        at = (size_t)fdarray_off;
        if (jb_cff_index_read(c, len, &at, &fdarray) != 0 || fdarray.count == 0 ||
            fdarray.count > 255)
            goto bad;
        cff->fdselect = c + fdselect;
        if (!(cff->fdselect[0] == 0 && (size_t)fdselect + 1 + cff->charstrings.count <= len) &&
            !(cff->fdselect[0] == 3 && (size_t)fdselect + 5 <= len &&
              (size_t)fdselect + 5 + 3 * jb_font_be(cff->fdselect + 1, 2) <= len))
            goto bad;
        cff->n_fds = fdarray.count;
    } else
        cff->n_fds = 1;
    if ((cff->fds = calloc(cff->n_fds, sizeof *cff->fds)) == NULL)
        goto bad;
    for (unsigned k = 0; cid && k < cff->n_fds; k++) {
        const unsigned char *fd;
        size_t fd_len;
        long fp[2] = {-1, -1};
        if (jb_cff_index_get(&fdarray, k, &fd, &fd_len) != 0)
            goto bad;
        for (p = fd; p < fd + fd_len; p = e.next) {
            if (jb_cff_dict_next(p, fd + fd_len, &e) != 0)
                goto bad;
            if (e.op == 18 && e.n == 2)
                fp[0] = e.v[0], fp[1] = e.v[1];
            else if (e.op == 1207)
                cff->fds[k].matrix = e.start, cff->fds[k].matrix_len = (size_t)(e.next - e.start);
        }
        if (private_read(cff, fp[0], fp[1], &cff->fds[k]) != 0)
            goto bad;
    }
    if (!cid && private_read(cff, priv[0], priv[1], &cff->fds[0]) != 0)
        goto bad;
    cff->glyph = calloc(cff->charstrings.count, sizeof *cff->glyph);
    if (cff->glyph == NULL)
        goto bad;
    return cff;
bad:
    jb_cff_free(cff);
    return NULL;
}

void
jb_cff_free(jb_cff *cff)
{
    if (cff == NULL)
        return;
    for (flat_glyph *f = atomic_load_explicit(&cff->made, memory_order_acquire), *next; f; f = next)
        next = f->next, free(f);
    free(cff->glyph);
    free(cff->fds);
    free(cff);
}

unsigned
jb_cff_glyphs(const jb_cff *cff)
{
    return cff->charstrings.count;
}

/* The Font DICT of glyph g; -1 past the FDSelect's ranges. */
static int
fd_of(const jb_cff *cff, unsigned g)
{
    const unsigned char *s = cff->fdselect;

    if (s == NULL)
        return 0;
    if (s[0] == 0)
        return s[1 + g] < cff->n_fds ? s[1 + g] : -1;
    /* format 3: ranges (first glyph, FD), then a sentinel glyph; a binary search */
    unsigned lo = 0, hi = (unsigned)jb_font_be(s + 1, 2);
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const unsigned char *r = s + 3 + 3 * mid;
        unsigned first = (unsigned)jb_font_be(r, 2), next = (unsigned)jb_font_be(r + 3, 2);
        if (g < first)
            hi = mid;
        else if (g >= next)
            lo = mid + 1;
        else
            return r[2] < cff->n_fds ? r[2] : -1;
    }
    return -1;
}

/* The flattener's state: the Type 2 argument stack in 16.16 fixed point. */
typedef struct {
    const jb_cff *cff;
    const cff_fd *fd;
    int32_t stack[48];
    int sp, stems, depth;
    int cleared;   /* the first stack-clearing operator has come: no width after it */
    int has_width; /* width is the glyph's width operand, written before the first operator */
    int32_t width;
    int drawn; /* an operator has been written (the width with it) */
    int ended;
    size_t len;                /* bytes in out */
    unsigned char out[0x8000]; /* the flattened charstring (a longer one is not taken) */
} flattener;

/* Writes number v (16.16) at t: an integer in its shortest form, else a 16.16 fixed; the
 * bytes written. */
static size_t
put_number(unsigned char *t, int32_t v)
{
    size_t n;
    if ((v & 0xFFFF) == 0) {
        int i = v >> 16; /* arithmetic: the integer part */
        if (i >= -107 && i <= 107)
            t[0] = (unsigned char)(i + 139), n = 1;
        else if (i >= 108 && i <= 1131)
            t[0] = (unsigned char)(247 + ((i - 108) >> 8)), t[1] = (unsigned char)(i - 108), n = 2;
        else if (i >= -1131 && i <= -108)
            t[0] = (unsigned char)(251 + ((-i - 108) >> 8)), t[1] = (unsigned char)(-i - 108),
            n = 2;
        else
            t[0] = 28, t[1] = (unsigned char)((unsigned)i >> 8), t[2] = (unsigned char)i, n = 3;
    } else {
        uint32_t u = (uint32_t)v;
        t[0] = 255, t[1] = (unsigned char)(u >> 24), t[2] = (unsigned char)(u >> 16),
        t[3] = (unsigned char)(u >> 8), t[4] = (unsigned char)u, n = 5;
    }
    return n;
}

/* Writes the stack from base and the operator (op, or 12 op2 when op is 12), clearing it. -1
 * when the charstring outgrows out. */
static int
emit(flattener *s, int base, int op, int op2)
{
    unsigned char *o = s->out + s->len;
    if (s->len + 5 * 50 + 2 > sizeof s->out)
        return -1;
    if (!s->drawn && s->has_width)
        o += put_number(o, s->width);
    s->drawn = 1;
    for (int k = base; k < s->sp; k++)
        o += put_number(o, s->stack[k]);
    *o++ = (unsigned char)op;
    if (op == 12)
        *o++ = (unsigned char)op2;
    s->len = (size_t)(o - s->out);
    s->sp = 0;
    return 0;
}

/* At a stack-clearing operator that takes `even` (0 or 1: how many arguments beyond pairs, for
 * the stem hints: 0) or exactly n arguments: the first of one more is the width. Returns the
 * stack index where the operator's own arguments start. */
static int
take_width(flattener *s, int extra)
{
    if (s->cleared)
        return 0;
    s->cleared = 1;
    if (extra) {
        s->has_width = 1;
        s->width = s->stack[0];
        return 1;
    }
    return 0;
}

/* Runs the charstring p[0..n) (the glyph's, or a subroutine's), appending to s->out. 0, 1 when
 * endchar came, -1 for what this does not take. */
static int
run(flattener *s, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;

    if (++s->depth > 10)
        return -1;
    while (p < end) {
        unsigned b = *p;
        int32_t v;
        if (b >= 32 || b == 28) {
            if (b <= 246 && b != 28)
                v = (int32_t)(b - 139), p++;
            else if (b >= 247 && b <= 250 && p + 2 <= end)
                v = (int32_t)((b - 247) * 256 + p[1] + 108), p += 2;
            else if (b >= 251 && b <= 254 && p + 2 <= end)
                v = -(int32_t)((b - 251) * 256 + p[1] + 108), p += 2;
            else if (b == 28 && p + 3 <= end)
                v = (int16_t)jb_font_be(p + 1, 2), p += 3;
            else if (b == 255 && p + 5 <= end) {
                if (s->sp == 48)
                    return -1;
                s->stack[s->sp++] = (int32_t)(uint32_t)jb_font_be(p + 1, 4), p += 5;
                continue;
            } else
                return -1;
            if (s->sp == 48)
                return -1;
            s->stack[s->sp++] = (int32_t)((uint32_t)v << 16);
            continue;
        }
        p++;
        switch (b) {
        case 1:  /* hstem */
        case 3:  /* vstem */
        case 18: /* hstemhm */
        case 23: /* vstemhm */
            take_width(s, s->sp & 1);
            s->stems += s->sp / 2;
            s->sp = 0;
            break;
        case 19: /* hintmask */
        case 20: /* cntrmask: a vstem's arguments may come before it */
            take_width(s, s->sp & 1);
            s->stems += s->sp / 2;
            s->sp = 0;
            p += (s->stems + 7) / 8;
            if (p > end)
                return -1;
            break;
        case 21: /* rmoveto */
            if (emit(s, take_width(s, s->sp == 3), 21, 0) != 0)
                return -1;
            break;
        case 22: /* hmoveto */
        case 4:  /* vmoveto */
            if (emit(s, take_width(s, s->sp == 2), (int)b, 0) != 0)
                return -1;
            break;
        case 14: { /* endchar */
            int base = take_width(s, s->sp == 1 || s->sp == 5);
            if (s->sp - base != 0)
                return -1; /* seac: an accented glyph of two others */
            if (emit(s, base, 14, 0) != 0)
                return -1;
            s->ended = 1;
            s->depth--;
            return 1;
        }
        case 5:
        case 6:
        case 7:
        case 8:
        case 24:
        case 25:
        case 26:
        case 27:
        case 30:
        case 31:
            /* lines and curves */
            s->cleared = 1;
            if (emit(s, 0, (int)b, 0) != 0)
                return -1;
            break;
        case 10: /* callsubr */
        case 29: /* callgsubr */ {
            const cff_index *x = b == 10 ? &s->fd->subrs : &s->cff->gsubrs;
            int bias = b == 10 ? s->fd->bias : s->cff->gbias;
            const unsigned char *q;
            size_t qn;
            int r;
            if (s->sp == 0 || (s->stack[s->sp - 1] & 0xFFFF) != 0)
                return -1;
            long i = (long)(s->stack[--s->sp] >> 16) + bias;
            if (i < 0 || jb_cff_index_get(x, (unsigned)i, &q, &qn) != 0 || (r = run(s, q, qn)) < 0)
                return -1;
            if (r == 1) {
                s->depth--;
                return 1;
            }
            break;
        }
        case 11: /* return */ s->depth--; return 0;
        case 12:
            if (p >= end)
                return -1;
            b = *p++;
            if (b == 0) /* dotsection: a hint */
                s->sp = 0;
            else if (b >= 34 && b <= 37) { /* hflex, flex, hflex1, flex1 */
                if (emit(s, 0, 12, (int)b) != 0)
                    return -1;
            } else
                return -1; /* arithmetic and storage: not in the fonts this reads */
            break;
        default: return -1;
        }
    }
    s->depth--;
    return 0;
}

/* Glyph g flattened (from the cache, or made and published now); &bad_glyph when the flattener
 * does not take it; NULL when out of memory. */
static const flat_glyph *
glyph(jb_cff *cff, unsigned g)
{
    flat_glyph *have = atomic_load_explicit(&cff->glyph[g], memory_order_acquire), *made;
    if (have != NULL)
        return have;
    flattener *s = malloc(sizeof *s);
    const unsigned char *p;
    size_t n;
    int fd = fd_of(cff, g);

    if (s == NULL)
        return NULL;
    s->cff = cff;
    s->sp = s->stems = s->depth = s->cleared = s->has_width = s->drawn = s->ended = 0;
    s->len = 0;
    made = &bad_glyph;
    if (fd >= 0 && jb_cff_index_get(&cff->charstrings, g, &p, &n) == 0) {
        s->fd = &cff->fds[fd];
        if (run(s, p, n) == 1 && s->ended) {
            if ((made = malloc(sizeof *made + s->len)) == NULL) {
                free(s);
                return NULL;
            }
            made->len = s->len;
            made->fd = (unsigned char)fd;
            memcpy(made->bytes, s->out, s->len);
        }
    }
    free(s);
    /* another thread may have published the same glyph meanwhile: its copy is kept */
    if (!atomic_compare_exchange_strong_explicit(&cff->glyph[g], &have, made, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        if (made != &bad_glyph)
            free(made);
        return have;
    }
    if (made != &bad_glyph) { /* onto the list jb_cff_free walks */
        made->next = atomic_load_explicit(&cff->made, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&cff->made, &made->next, made,
                                                      memory_order_release, memory_order_relaxed))
            ;
    }
    return made;
}

/* An integer DICT operand in 5 bytes (so that a dictionary's length does not depend on it). */
static void
put_int5(jb_buf *b, long v)
{
    unsigned char t[5] = {29, (unsigned char)((unsigned long)v >> 24),
                          (unsigned char)((unsigned long)v >> 16),
                          (unsigned char)((unsigned long)v >> 8), (unsigned char)v};
    jb_buf_put(b, t, 5);
}

/* An integer DICT operand in its shortest form. */
static void
put_int(jb_buf *b, long v)
{
    unsigned char t[5];
    size_t n;
    if (v >= -107 && v <= 107)
        t[0] = (unsigned char)(v + 139), n = 1;
    else if (v >= 108 && v <= 1131)
        t[0] = (unsigned char)(247 + ((v - 108) >> 8)), t[1] = (unsigned char)(v - 108), n = 2;
    else if (v >= -1131 && v <= -108)
        t[0] = (unsigned char)(251 + ((-v - 108) >> 8)), t[1] = (unsigned char)(-v - 108), n = 2;
    else if (v >= -32768 && v <= 32767)
        t[0] = 28, t[1] = (unsigned char)((unsigned long)v >> 8), t[2] = (unsigned char)v, n = 3;
    else
        return put_int5(b, v);
    jb_buf_put(b, t, n);
}

static void
put_op(jb_buf *b, int op)
{
    unsigned char t[2] = {12, (unsigned char)(op - 1200)};
    if (op >= 1200)
        jb_buf_put(b, t, 2);
    else
        t[0] = (unsigned char)op, jb_buf_put(b, t, 1);
}

/* An INDEX's header for count objects of the lengths len(k, arg), and its offsets. */
static void
put_index_head(jb_buf *b, size_t count, size_t (*len)(size_t k, const void *arg), const void *arg)
{
    size_t total = 1;
    unsigned osz;
    unsigned char t[4];
    for (size_t k = 0; k < count; k++)
        total += len(k, arg);
    osz = total < 0x100 ? 1 : total < 0x10000 ? 2 : total < 0x1000000 ? 3 : 4;
    t[0] = (unsigned char)(count >> 8), t[1] = (unsigned char)count, t[2] = (unsigned char)osz;
    jb_buf_put(b, t, count ? 3 : 2);
    for (size_t k = 0, off = 1; count && k <= count; k++) {
        for (unsigned i = 0; i < osz; i++)
            t[i] = (unsigned char)(off >> (8 * (osz - 1 - i)));
        jb_buf_put(b, t, osz);
        if (k < count)
            off += len(k, arg);
    }
}

typedef struct {
    const unsigned char *p[2];
    size_t n[2];
} two_strings;

static size_t
string_len(size_t k, const void *arg)
{
    return ((const two_strings *)arg)->n[k];
}

static size_t
glyph_len(size_t k, const void *arg)
{
    return ((const flat_glyph *const *)arg)[k]->len;
}

static size_t
bytes_len(size_t k, const void *arg)
{
    return ((const jb_buf *)arg)[k].len;
}

/* The Top DICT, its offsets in 5 bytes each (its length does not depend on them). */
static void
top_dict(jb_buf *b, const jb_cff *cff, size_t n, const int box[4], const long off[4])
{
    put_int(b, 391), put_int(b, 392), put_int(b, cff->reg ? cff->supplement : 0), put_op(b, 1230);
    if (cff->matrix)
        jb_buf_put(b, cff->matrix, cff->matrix_len);
    for (int k = 0; k < 4; k++)
        put_int(b, box[k]);
    put_op(b, 5);
    put_int(b, (long)n), put_op(b, 1234); /* CIDCount */
    put_int5(b, off[0]), put_op(b, 15);   /* charset */
    put_int5(b, off[1]), put_op(b, 1237); /* FDSelect */
    put_int5(b, off[2]), put_op(b, 17);   /* CharStrings */
    put_int5(b, off[3]), put_op(b, 1236); /* FDArray */
}

int
jb_cff_subset(jb_cff *cff, const uint32_t *old, size_t n, const int box[4], unsigned char **out,
              size_t *len)
{
    const flat_glyph **gl = malloc((n ? n : 1) * sizeof *gl);
    int fd_new[256], used[256], n_used = 0, rc = -1;
    jb_buf b = {0}, top = {0}, fd_dicts[256], privs[256];
    two_strings ros = {{(const unsigned char *)"Adobe", (const unsigned char *)"Identity"}, {5, 8}};
    long off[4] = {0, 0, 0, 0};

    *out = NULL, *len = 0;
    if (gl == NULL || n == 0 || n > 65535 || old[0] != 0)
        goto done;
    for (int k = 0; k < 256; k++)
        fd_new[k] = -1;
    for (size_t k = 0; k < n; k++) {
        if (old[k] >= cff->charstrings.count || (k > 0 && old[k] <= old[k - 1]))
            goto done;
        if ((gl[k] = glyph(cff, old[k])) == NULL || gl[k] == &bad_glyph)
            goto done;
        if (fd_new[gl[k]->fd] < 0) {
            memset(&privs[n_used], 0, sizeof privs[n_used]);
            memset(&fd_dicts[n_used], 0, sizeof fd_dicts[n_used]);
            used[n_used] = gl[k]->fd, fd_new[gl[k]->fd] = n_used++;
        }
    }
    if (cff->reg)
        ros.p[0] = cff->reg, ros.n[0] = cff->reg_len, ros.p[1] = cff->ord, ros.n[1] = cff->ord_len;
    /* the Font DICTs in the order of their first glyph, FD numbers renumbered to match */
    for (int k = 0; k < n_used; k++) {
        const cff_fd *fd = &cff->fds[used[k]];
        if (fd->dflt)
            jb_buf_put(&privs[k], fd->dflt, fd->dflt_len);
        if (fd->nominal)
            jb_buf_put(&privs[k], fd->nominal, fd->nominal_len);
        if (privs[k].len == 0) /* an empty Private DICT: say the default */
            put_int(&privs[k], 0), put_op(&privs[k], 21);
    }
    top_dict(&top, cff, n, box, off);
    size_t top_len = top.len, at;
    /* header, Name INDEX, Top DICT INDEX, String INDEX, Global Subr INDEX (empty) */
    {
        const unsigned char hdr[4] = {1, 0, 4, 4};
        two_strings name = {{cff->name, NULL}, {cff->name_len, 0}};
        jb_buf_put(&b, hdr, 4);
        put_index_head(&b, 1, string_len, &name);
        jb_buf_put(&b, cff->name, cff->name_len);
        two_strings t = {{NULL, NULL}, {top_len, 0}};
        put_index_head(&b, 1, string_len, &t);
        at = b.len; /* the Top DICT goes here, once its offsets are known */
        jb_buf_reserve(&b, top_len);
        b.len += top_len;
        put_index_head(&b, 2, string_len, &ros);
        jb_buf_put(&b, ros.p[0], ros.n[0]);
        jb_buf_put(&b, ros.p[1], ros.n[1]);
        put_index_head(&b, 0, string_len, NULL);
    }
    /* charset: the identity, CID k for glyph k (format 2, one range) */
    off[0] = (long)b.len;
    {
        unsigned char t[5] = {2, 0, 1, (unsigned char)((n - 2) >> 8), (unsigned char)(n - 2)};
        jb_buf_put(&b, t, n > 1 ? 5 : 1);
        if (n == 1)
            b.data[b.len - 1] = 0; /* format 0, no glyph beyond .notdef */
    }
    /* FDSelect: format 3, a range per run of glyphs of one Font DICT */
    off[1] = (long)b.len;
    {
        jb_buf r = {0};
        size_t ranges = 0;
        for (size_t k = 0; k < n; k++)
            if (k == 0 || gl[k]->fd != gl[k - 1]->fd) {
                unsigned char t[3] = {(unsigned char)(k >> 8), (unsigned char)k,
                                      (unsigned char)fd_new[gl[k]->fd]};
                jb_buf_put(&r, t, 3), ranges++;
            }
        unsigned char h[3] = {3, (unsigned char)(ranges >> 8), (unsigned char)ranges},
                      s[2] = {(unsigned char)(n >> 8), (unsigned char)n};
        jb_buf_put(&b, h, 3);
        if (r.len)
            jb_buf_put(&b, r.data, r.len);
        jb_buf_put(&b, s, 2);
        jb_buf_fini(&r);
    }
    /* CharStrings */
    off[2] = (long)b.len;
    put_index_head(&b, n, glyph_len, gl);
    for (size_t k = 0; k < n; k++)
        jb_buf_put(&b, gl[k]->bytes, gl[k]->len);
    /* FDArray: each Font DICT's Private (size, offset) in 5-byte integers */
    off[3] = (long)b.len;
    {
        size_t fd_len[256], sum = 0, priv_at;
        for (int k = 0; k < n_used; k++) {
            fd_len[k] = (cff->fds[used[k]].matrix ? cff->fds[used[k]].matrix_len : 0) + 11;
            sum += fd_len[k];
        }
        size_t osz = sum + 1 < 0x100 ? 1 : sum + 1 < 0x10000 ? 2 : 3;
        priv_at = b.len + 3 + (size_t)(n_used + 1) * osz + sum;
        for (int k = 0; k < n_used; k++) {
            const cff_fd *fd = &cff->fds[used[k]];
            if (fd->matrix)
                jb_buf_put(&fd_dicts[k], fd->matrix, fd->matrix_len);
            put_int5(&fd_dicts[k], (long)privs[k].len);
            put_int5(&fd_dicts[k], (long)priv_at);
            put_op(&fd_dicts[k], 18);
            priv_at += privs[k].len;
        }
        put_index_head(&b, (size_t)n_used, bytes_len, fd_dicts);
        for (int k = 0; k < n_used; k++)
            jb_buf_put(&b, fd_dicts[k].data, fd_dicts[k].len);
        for (int k = 0; k < n_used; k++)
            jb_buf_put(&b, privs[k].data, privs[k].len);
    }
    jb_buf_fini(&top);
    top_dict(&top, cff, n, box, off);
    if (b.fail || top.fail || top.len != top_len)
        goto done;
    memcpy(b.data + at, top.data, top_len);
    *out = (unsigned char *)jb_buf_take(&b, len);
    rc = *out != NULL ? 0 : -1;
done:
    for (int k = 0; k < n_used; k++)
        jb_buf_fini(&privs[k]), jb_buf_fini(&fd_dicts[k]);
    jb_buf_fini(&top);
    jb_buf_fini(&b);
    free(gl);
    return rc;
}

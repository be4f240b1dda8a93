/* condense — the minimal condense: sentences ranked, the body shown without the first k. */
#include "condense.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* A sentence of a section's paragraph, where the document as read has it. */
typedef struct {
    size_t item, block; /* doc->items[item].blocks[block] as read */
    size_t start, end;  /* its characters in that paragraph */
    int score;          /* higher: left out later */
    int keep;           /* the old rule keeps it: never a candidate */
} sentence;

/* An item's blocks as read. The copy is shallow: its arrays are the live blocks' own, but for a
 * candidate paragraph texts[] holds its characters as read. */
typedef struct {
    jb_block *blocks;
    size_t n;
    jb_text *texts; /* per block: a candidate paragraph's text as read, else empty */
    char *gone;     /* per block: out of the body since the last apply */
} saved_item;

struct jb_condense {
    jb_doc *doc;
    saved_item *items;
    size_t n_items;
    sentence *s; /* in reading order */
    size_t n_s, cap_s;
    size_t *rank; /* the candidates (indices into s), the first to leave out first */
    size_t n_rank;
    char *drop;              /* per sentence: out since the last apply */
    size_t sentences, chars; /* of the body's paragraphs as read */
};

static const uint32_t closers[] = {0x201D, 0x2019, 0xFF09, 0x300B, 0x300D, 0x300F};

/* End of the sentence that starts at i: after its 。！？ (or the ； that ends a clause of a
 * sentence listing several) and any closing marks. */
static size_t
sentence_end(const jb_text *t, size_t i)
{
    while (i < t->n && t->cps[i] != 0x3002 && t->cps[i] != 0xFF01 && t->cps[i] != 0xFF1F &&
           t->cps[i] != 0xFF1B)
        i++;
    if (i < t->n)
        i++;
    while (i < t->n && JB_IN_SET(t->cps[i], closers))
        i++;
    return i;
}

/* Does t open with （图略 (a photo's mark, jb_condense_photo)? */
static int
photo_mark(const jb_text *t)
{
    return t->n >= 3 && t->cps[0] == 0xFF08 && t->cps[1] == 0x56FE && t->cps[2] == 0x7565;
}

/* May block k of it lose sentences: a paragraph, not a table's title or note (next to a table),
 * not a photo's mark? */
static int
candidate(const jb_item *it, size_t k)
{
    return it->blocks[k].kind == JB_BLOCK_PARA && it->blocks[k].text.n > 0 &&
           !(k > 0 && it->blocks[k - 1].kind == JB_BLOCK_TABLE) &&
           !(k + 1 < it->n_blocks && it->blocks[k + 1].kind == JB_BLOCK_TABLE) &&
           !photo_mark(&it->blocks[k].text);
}

/* How much a sentence is worth keeping (higher: left out later): its place (a paragraph's first
 * sentence, more so with a lead phrase, an early paragraph of its section) and what it holds (a
 * number that is no key figure, a date or a name of a document). */
static int
score(const jb_text *t, size_t start, size_t end, size_t para)
{
    int v = para == 0 ? 2 : para == 1 ? 1 : 0;
    if (start == 0) {
        v += 4;
        for (size_t i = 0; i < end && i < 16; i++)
            if (t->cps[i] == 0xFF1A) { /* 组织建设： a lead phrase */
                v += 3;
                break;
            }
    }
    for (size_t i = start; i < end; i++)
        if ((t->cps[i] >= '0' && t->cps[i] <= '9') ||
            (t->cps[i] >= 0xFF10 && t->cps[i] <= 0xFF19) || t->cps[i] == 0x300A /* 《 */) {
            v += 1;
            break;
        }
    return v;
}

static int
add_sentence(jb_condense *c, sentence s)
{
    if (c->n_s == c->cap_s) {
        size_t cap = c->cap_s ? 2 * c->cap_s : 64;
        sentence *v = realloc(c->s, cap * sizeof *v);
        if (v == NULL)
            return -1;
        c->s = v, c->cap_s = cap;
    }
    c->s[c->n_s++] = s;
    return 0;
}

static int
copy_text(jb_text *to, const jb_text *from)
{
    for (size_t i = 0; i < from->n; i++)
        if (jb_text_push(to, from->cps[i], from->offs[i], from->marks[i]) != 0)
            return -1;
    return 0;
}

static int
has_figure(const jb_text *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t->marks[i] & JB_MARK_FIGURE)
            return 1;
    return 0;
}

/* The sentences of the section whose head is block h of item n, and its paragraphs' texts as
 * read. 0 or -1. */
static int
rank_section(jb_condense *c, size_t n, size_t h)
{
    const jb_item *it = &c->doc->items[n];
    saved_item *sv = &c->items[n];
    size_t end = h + 1, para = 0;
    int any = 0;

    while (end < it->n_blocks && !(it->blocks[end].kind == JB_BLOCK_HEAD))
        end++;
    for (size_t k = h + 1; k < end; k++)
        if (candidate(it, k))
            any |= has_figure(&it->blocks[k].text, 0, it->blocks[k].text.n);
    for (size_t k = h + 1; k < end; k++) {
        const jb_text *t = &it->blocks[k].text;
        if (!candidate(it, k))
            continue;
        if (copy_text(&sv->texts[k], t) != 0)
            return -1;
        for (size_t i = 0; i < t->n;) {
            size_t e = sentence_end(t, i);
            sentence s = {n,
                          k,
                          i,
                          e,
                          score(t, i, e, para),
                          has_figure(t, i, e) || (!any && para == 0 && i == 0)};
            if (add_sentence(c, s) != 0)
                return -1;
            i = e;
        }
        para++;
    }
    return 0;
}

typedef struct {
    int score;
    size_t len, at;
} rank_key;

static int
by_rank(const void *a, const void *b)
{
    const rank_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    if (x->len != y->len) /* the longer first */
        return x->len > y->len ? -1 : 1;
    return x->at > y->at ? -1 : x->at < y->at; /* the later first */
}

/* The candidates in c->rank, the first to leave out first. 0 or -1. */
static int
rank(jb_condense *c)
{
    rank_key *keys = malloc((c->n_s ? c->n_s : 1) * sizeof *keys);
    if (keys == NULL || (c->rank = malloc((c->n_s ? c->n_s : 1) * sizeof *c->rank)) == NULL) {
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < c->n_s; i++)
        if (!c->s[i].keep)
            keys[c->n_rank++] = (rank_key){c->s[i].score, c->s[i].end - c->s[i].start, i};
    qsort(keys, c->n_rank, sizeof *keys, by_rank);
    for (size_t i = 0; i < c->n_rank; i++)
        c->rank[i] = keys[i].at;
    free(keys);
    return 0;
}

jb_condense *
jb_condense_new(jb_doc *doc)
{
    jb_condense *c = calloc(1, sizeof *c);
    if (c == NULL || (c->items = calloc(doc->n_items, sizeof *c->items)) == NULL) {
        free(c);
        return NULL;
    }
    c->doc = doc;
    c->n_items = doc->n_items;
    for (size_t n = 0; n < doc->n_items; n++) {
        const jb_item *it = &doc->items[n];
        saved_item *sv = &c->items[n];
        size_t nb = it->n_blocks ? it->n_blocks : 1;
        sv->n = it->n_blocks;
        if ((sv->blocks = malloc(nb * sizeof *sv->blocks)) == NULL ||
            (sv->texts = calloc(nb, sizeof *sv->texts)) == NULL ||
            (sv->gone = calloc(nb, 1)) == NULL)
            goto fail;
        if (it->n_blocks)
            memcpy(sv->blocks, it->blocks, it->n_blocks * sizeof *sv->blocks);
        for (size_t k = 0; k < it->n_blocks; k++) {
            const jb_text *t = &it->blocks[k].text;
            if (it->blocks[k].kind != JB_BLOCK_PARA)
                continue;
            c->chars += t->n;
            for (size_t i = 0; i < t->n; i = sentence_end(t, i))
                c->sentences++;
        }
        for (size_t k = 0; k < it->n_blocks; k++)
            if (it->blocks[k].kind == JB_BLOCK_HEAD && rank_section(c, n, k) != 0)
                goto fail;
    }
    if ((c->drop = calloc(c->n_s ? c->n_s : 1, 1)) == NULL || rank(c) != 0)
        goto fail;
    return c;
fail:
    jb_condense_free(c);
    return NULL;
}

size_t
jb_condense_n(const jb_condense *c)
{
    return c->n_rank;
}

/* The lines a paragraph of len characters takes at cpl a line (its first line indented 2). */
static long
para_lines(size_t len, double cpl)
{
    return len == 0 ? 0 : (long)((double)(len + 2) / cpl + 0.999);
}

int
jb_condense_pick(jb_condense *c, size_t k, int lines, double cpl)
{
    size_t best = k, *para; /* para: per sentence, its paragraph's characters kept so far */
    long best_freed = -1;

    if (k >= c->n_rank)
        return -1;
    if (cpl < 1)
        cpl = 1;
    if ((para = calloc(c->n_s ? c->n_s : 1, sizeof *para)) == NULL)
        return -1;
    memset(c->drop, 0, c->n_s ? c->n_s : 1);
    for (size_t i = 0; i < k; i++)
        c->drop[c->rank[i]] = 1;
    for (size_t i = 0; i < c->n_s;) { /* a paragraph at a time */
        size_t j = i, len = 0;
        for (; j < c->n_s && c->s[j].item == c->s[i].item && c->s[j].block == c->s[i].block; j++)
            len += c->drop[j] ? 0 : c->s[j].end - c->s[j].start;
        for (size_t q = i; q < j; q++)
            para[q] = len;
        i = j;
    }
    for (size_t r = k; r < c->n_rank; r++) {
        const sentence *x = &c->s[c->rank[r]], *b = &c->s[c->rank[best]];
        size_t len = x->end - x->start, blen = b->end - b->start;
        /* a whole paragraph its lines; else a line for every cpl characters (what the lines'
         * breaking and compression do is not known here) */
        long freed = para[c->rank[r]] == len ? para_lines(len, cpl) : (long)((double)len / cpl);
        int enough = freed >= lines, best_enough = best_freed >= lines;
        /* enough room: the lowest score, then the fewest characters; else the most room */
        if (best_freed < 0 ||
            (enough &&
             (!best_enough || x->score < b->score || (x->score == b->score && len < blen))) ||
            (!enough && !best_enough &&
             (freed > best_freed || (freed == best_freed && x->score < b->score)))) {
            best = r;
            best_freed = freed;
        }
    }
    free(para);
    /* to place k, the rest in their order */
    size_t at = c->rank[best];
    memmove(&c->rank[k + 1], &c->rank[k], (best - k) * sizeof *c->rank);
    c->rank[k] = at;
    return 0;
}

/* Puts item n's blocks back as read. */
static void
restore(jb_condense *c, size_t n)
{
    jb_item *it = &c->doc->items[n];
    saved_item *sv = &c->items[n];
    if (sv->n)
        memcpy(it->blocks, sv->blocks, sv->n * sizeof *it->blocks);
    it->n_blocks = sv->n;
    for (size_t k = 0; k < sv->n; k++) {
        const jb_text *from = &sv->texts[k];
        jb_text *t = &it->blocks[k].text;
        if (from->cps == NULL)
            continue;
        memcpy(t->cps, from->cps, from->n * sizeof *t->cps);
        memcpy(t->offs, from->offs, from->n * sizeof *t->offs);
        memcpy(t->marks, from->marks, from->n);
        t->n = from->n;
    }
    memset(sv->gone, 0, sv->n ? sv->n : 1);
}

void
jb_condense_last(jb_condense *c, size_t i, size_t k)
{
    size_t at;
    if (i + 1 >= k || k > c->n_rank)
        return;
    at = c->rank[i];
    memmove(&c->rank[i], &c->rank[i + 1], (k - 1 - i) * sizeof *c->rank);
    c->rank[k - 1] = at;
}

size_t
jb_condense_apply(jb_condense *c, size_t k, uint32_t *offs, size_t max)
{
    size_t out = 0, chars = 0;

    if (k > c->n_rank)
        k = c->n_rank;
    for (size_t n = 0; n < c->n_items; n++)
        restore(c, n);
    memset(c->drop, 0, c->n_s ? c->n_s : 1);
    for (size_t i = 0; i < k; i++)
        c->drop[c->rank[i]] = 1;
    for (size_t i = 0; i < c->n_s;) { /* a paragraph at a time, its sentences in order */
        const sentence *s = &c->s[i];
        jb_text *t = &c->doc->items[s->item].blocks[s->block].text;
        size_t w = 0, j = i;
        for (; j < c->n_s && c->s[j].item == s->item && c->s[j].block == s->block; j++) {
            const sentence *q = &c->s[j];
            size_t len = q->end - q->start;
            if (c->drop[j]) {
                if (out < max)
                    offs[out] = c->items[q->item].texts[q->block].offs[q->start];
                out++, chars += len;
                continue;
            }
            memmove(t->cps + w, t->cps + q->start, len * sizeof *t->cps);
            memmove(t->offs + w, t->offs + q->start, len * sizeof *t->offs);
            memmove(t->marks + w, t->marks + q->start, len);
            w += len;
        }
        t->n = w;
        c->items[s->item].gone[s->block] = w == 0;
        i = j;
    }
    for (size_t n = 0; n < c->n_items; n++) { /* emptied paragraphs out of the body */
        jb_item *it = &c->doc->items[n];
        size_t w = 0;
        for (size_t b = 0; b < c->items[n].n; b++)
            if (!c->items[n].gone[b])
                it->blocks[w++] = it->blocks[b];
        it->n_blocks = w;
    }
    c->doc->condensed = k > 0;
    c->doc->condense_count.sentences = c->sentences;
    c->doc->condense_count.sentences_left_out = out;
    c->doc->condense_count.chars = c->chars;
    c->doc->condense_count.chars_left_out = chars;
    return out;
}

void
jb_condense_free(jb_condense *c)
{
    if (c == NULL)
        return;
    for (size_t n = 0; n < c->n_items; n++) {
        saved_item *sv = &c->items[n];
        for (size_t k = 0; sv->texts && k < sv->n; k++) {
            if (sv->gone && sv->gone[k]) /* out of the body: its arrays are no block's now */
                jb_text_fini(&sv->blocks[k].text);
            jb_text_fini(&sv->texts[k]);
        }
        free(sv->blocks);
        free(sv->texts);
        free(sv->gone);
    }
    free(c->items);
    free(c->s);
    free(c->rank);
    free(c->drop);
    free(c);
}

/* ---- photos ---- */

int
jb_condense_photo(jb_doc *doc, size_t i)
{
    static const char open[] = "（图略", colon[] = "：", close[] = "）", more[] = "…";
    for (size_t n = 0; n < doc->n_items; n++) {
        jb_item *it = &doc->items[n];
        for (size_t k = 0; k < it->n_blocks; k++) {
            if (it->blocks[k].kind != JB_BLOCK_PHOTO || i-- != 0)
                continue;
            uint32_t off = it->blocks[k].off;
            jb_block *b = jb_item_add_block(it, JB_BLOCK_PARA, off), mark;
            /* (b: the mark, added last; moved to k + 1 below) */
            const jb_text *cap;
            size_t len, last = it->n_blocks - 1;
            int bad;
            doc->condense_count.photos_left_out++;
            if (b == NULL) {
                jb_item_remove_block(it, k);
                return -1;
            }
            cap = &it->blocks[k].photo.caption;
            len = cap->n;
            while (len > 0 && (cap->cps[len - 1] == 0x3002 || cap->cps[len - 1] == ' '))
                len--;
            bad = jb_text_push_utf8(&b->text, open, strlen(open), off, 0) != 0;
            if (len > 0) {
                bad |= jb_text_push_utf8(&b->text, colon, strlen(colon), off, 0) != 0;
                for (size_t q = 0; q < len && q < 20 && !bad; q++)
                    bad = jb_text_push(&b->text, cap->cps[q], cap->offs[q], 0) != 0;
                if (len > 20)
                    bad |= jb_text_push_utf8(&b->text, more, strlen(more), off, 0) != 0;
            }
            bad |= jb_text_push_utf8(&b->text, close, strlen(close), off, 0) != 0;
            /* the mark to the photo's place, then the photo out */
            mark = it->blocks[last];
            memmove(&it->blocks[k + 2], &it->blocks[k + 1], (last - k - 1) * sizeof *it->blocks);
            it->blocks[k + 1] = mark;
            jb_item_remove_block(it, k);
            if (bad)
                jb_item_remove_block(it, k);
            return bad ? -1 : 0;
        }
    }
    return 0;
}

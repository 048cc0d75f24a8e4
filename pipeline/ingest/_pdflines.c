/* Lines from a page's runs in C: runs.page_lines and runlines.finish_runs (issue 26).
 *
 * The runs stay C structs (_pdfruns.h); a line is made here as runlines.finish_runs
 * makes it: one run, or several with their dominant size and baseline, footnote
 * markers, and spaces by the word-gap rule (the line's usual gap read from single
 * boxes when a gap is close to the threshold). A line finish_runs gives to the
 * character rules (a letter-spaced run, letters inside a run that would take a space,
 * a marker next to a close gap), or one with a size or baseline that is not a number,
 * goes to Python whole: its runs become runlines.Run objects and ``finish`` (the
 * Python reference: finish_runs, or the character rules) makes it. The gaps above lines
 * are marked as chars.mark_gaps marks them, empty lines left out. Each step mirrors
 * its Python reference line by line; tests/test_ingest_pdf_runs_native.py checks both
 * give the same lines on every page of the corpus and on generated pages.
 *
 * Bounds: every run lies in [0, count) of the page's text (_pdfruns.c checks it), a
 * line's runs are a slice of the page's, and every buffer here is sized by the
 * page's runs or characters or by its longest line's (counted before they are
 * made), at most the page limit (pdf_limits.MAX_PAGE_CHARS).
 */
#include "_pdfruns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- runreader.distinct_runs ---- */

typedef struct { double row, low, high; Py_ssize_t index; } Cell;

static int cmp_double(double a, double b) { return (a > b) - (a < b); }

/* Python sorts (low, high, index) within a row: the same order, rows kept apart. */
static int cmp_cell(const void *pa, const void *pb) {
    const Cell *a = pa, *b = pb;
    int c = cmp_double(a->row, b->row);
    if (!c) c = cmp_double(a->low, b->low);
    if (!c) c = cmp_double(a->high, b->high);
    if (!c) c = (a->index > b->index) - (a->index < b->index);
    return c;
}

static int cmp_ucs4(const void *pa, const void *pb) {
    Py_UCS4 a = *(const Py_UCS4 *)pa, b = *(const Py_UCS4 *)pb;
    return (a > b) - (a < b);
}

/* int(value * 2 + 0.5) of Python, as a double: 0 when not finite (Python raises, and
 * runreader.distinct_runs then gives the page to the character rules). */
static int half_point(double value, double *out) {
    double scaled = value * 2 + 0.5;
    if (!isfinite(scaled)) return 0;
    *out = trunc(scaled);
    return 1;
}

/* Whether run ``other`` holds a character of run ``index`` other than " ", the
 * characters of ``index`` given sorted in ``chars``. */
static int shares_glyph(const Reader *r, const RunData *other, const Py_UCS4 *chars, size_t n) {
    for (Py_ssize_t i = other->start; i < other->end; i++) {
        Py_UCS4 c = shown_at(r, i);
        if (c != ' ' && bsearch(&c, chars, n, sizeof *chars, cmp_ucs4) != NULL) return 1;
    }
    return 0;
}

/* One row's runs, swept left to right as runreader.distinct_runs does: 1 distinct, 0
 * not, -1 error. ``*chars`` is made when a run overlaps another. */
static int distinct_row(const Reader *r, const Cell *row, Py_ssize_t n, Py_ssize_t max_stacked,
                        Cell *active, Py_UCS4 **chars) {
    Py_ssize_t n_active = 0;
    double reach = -1;
    for (Py_ssize_t k = 0; k < n; k++) {
        const Cell *cell = &row[k];
        if (cell->low > reach) {
            n_active = 0; /* the usual case: the row's runs follow one another */
        } else {
            Py_ssize_t kept = 0;
            for (Py_ssize_t a = 0; a < n_active; a++)
                if (active[a].high >= cell->low) active[kept++] = active[a];
            n_active = kept;
            if (n_active >= max_stacked) return 0;
            const RunData *run = &r->runs[cell->index];
            if (*chars == NULL) { /* rows of stacked runs are rare: room made for the first */
                *chars = PyMem_New(Py_UCS4, r->count > 0 ? r->count : 1);
                if (*chars == NULL) {
                    PyErr_NoMemory();
                    return -1;
                }
            }
            size_t n_chars = 0;
            for (Py_ssize_t i = run->start; i < run->end; i++) (*chars)[n_chars++] = shown_at(r, i);
            qsort(*chars, n_chars, sizeof **chars, cmp_ucs4);
            for (Py_ssize_t a = 0; a < n_active; a++)
                if (shares_glyph(r, &r->runs[active[a].index], *chars, n_chars)) return 0;
        }
        active[n_active++] = *cell;
        reach = n_active > 1 ? (reach > cell->high ? reach : cell->high) : cell->high;
    }
    return 1;
}

int pdfruns_distinct(const Reader *r, Py_ssize_t max_stacked) {
    Py_ssize_t n = r->n_runs;
    /* Fewer than n runs are ever active: a limit past n changes nothing, and bounds
     * the buffer by the page's runs. */
    if (max_stacked > n + 1) max_stacked = n + 1;
    if (max_stacked < 1) max_stacked = 1;
    Cell *cells = PyMem_New(Cell, n > 0 ? n : 1);
    Cell *active = PyMem_New(Cell, max_stacked + 1);
    Py_UCS4 *chars = NULL;
    int result = 1;
    if (cells == NULL || active == NULL) {
        PyErr_NoMemory();
        result = -1;
    }
    for (Py_ssize_t i = 0; result == 1 && i < n; i++) {
        const RunData *run = &r->runs[i];
        cells[i].index = i;
        if (!half_point(run->baseline, &cells[i].row) || !half_point(run->x0, &cells[i].low)
            || !half_point(run->last_x0, &cells[i].high))
            result = 0;
    }
    if (result == 1) qsort(cells, (size_t)n, sizeof *cells, cmp_cell);
    for (Py_ssize_t start = 0; result == 1 && start < n;) {
        Py_ssize_t end = start + 1;
        while (end < n && cells[end].row == cells[start].row) end++;
        if (end - start > 1)
            result = distinct_row(r, &cells[start], end - start, max_stacked, active, &chars);
        start = end;
    }
    PyMem_Free(cells);
    PyMem_Free(active);
    PyMem_Free(chars);
    return result;
}

/* ---- runlines.finish_runs ---- */

/* Scratch buffers of a page's lines, each sized by the characters or runs of its
 * longest line (and a space between two runs). */
typedef struct { double baseline; Py_ssize_t count, index; } Weighted;
typedef struct { Py_ssize_t offset, first, length; } Marker;  /* digits[first:first+length] */
typedef struct { double gap; Py_UCS4 before, after; } Inside;

typedef struct {
    Py_UCS4 *text;       /* 2 * chars + 1: the line's text as it is built */
    Weighted *weighted;  /* runs: the baselines of the dominant size */
    unsigned char *raised; /* chars: which characters of the line are raised digits */
    Py_UCS4 *digits;     /* chars: the markers' digits */
    Marker *markers;     /* chars */
    double *gaps;        /* chars: gaps between letters, for the line's usual gap */
    Inside *inside;      /* chars */
} Scratch;

static int alloc_scratch(Scratch *s, Py_ssize_t chars, Py_ssize_t runs) {
    Py_ssize_t c = chars > 0 ? chars : 1, n = runs > 0 ? runs : 1;
    s->text = PyMem_New(Py_UCS4, 2 * c + 1);
    s->weighted = PyMem_New(Weighted, n);
    s->raised = PyMem_New(unsigned char, c);
    s->digits = PyMem_New(Py_UCS4, c);
    s->markers = PyMem_New(Marker, c);
    s->gaps = PyMem_New(double, c);
    s->inside = PyMem_New(Inside, c);
    return s->text && s->weighted && s->raised && s->digits && s->markers && s->gaps && s->inside;
}

static void free_scratch(Scratch *s) {
    PyMem_Free(s->text);
    PyMem_Free(s->weighted);
    PyMem_Free(s->raised);
    PyMem_Free(s->digits);
    PyMem_Free(s->markers);
    PyMem_Free(s->gaps);
    PyMem_Free(s->inside);
}

/* How many whitespace characters open ``buffer`` (what str.lstrip() takes away). */
static Py_ssize_t leading_space(const Py_UCS4 *buffer, Py_ssize_t n) {
    Py_ssize_t first = 0;
    while (first < n && Py_UNICODE_ISSPACE(buffer[first])) first++;
    return first;
}

/* The line's text from ``buffer`` (the joined runs), stripped as Python's str.strip()
 * strips; Python makes it in the narrowest kind, as it makes every string. */
static PyObject *stripped(const Py_UCS4 *buffer, Py_ssize_t n) {
    Py_ssize_t first = leading_space(buffer, n), last = n;
    while (last > first && Py_UNICODE_ISSPACE(buffer[last - 1])) last--;
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer + first, last - first);
}

/* Copy a run's shown text to ``out``; how many characters. */
static Py_ssize_t put_run(const Reader *r, const RunData *run, Py_UCS4 *out) {
    for (Py_ssize_t i = run->start; i < run->end; i++) *out++ = shown_at(r, i);
    return run->end - run->start;
}

static int in_set(PyObject *set, Py_UCS4 c) {
    return PyUnicode_FindChar(set, c, 0, PyUnicode_GET_LENGTH(set), 1) >= 0;
}

/* runlines._space_between without the line's usual gap: 1 space, 0 none, -1 undecided. */
static int space_between(const Rules *rules, const RunData *before, const RunData *after,
                         double size, Py_UCS4 prev, Py_UCS4 c) {
    double gap = after->x0 - before->last_x1;
    if (gap > rules->punct_gap * size) return 1;
    if (in_set(rules->tight_before, c) || in_set(rules->tight_after, prev)) return 0;
    if (gap > rules->word_high * size) return 1;
    if (gap <= rules->word_low * size) return 0;
    return -1;
}

static int cmp_gap(const void *pa, const void *pb) {
    return cmp_double(*(const double *)pa, *(const double *)pb);
}

/* runlines._LineGaps._median: the line's usual gap between letters from its single
 * boxes (one pdfium call a character). 1 found, 0 a gap inside a run would take a
 * space (the character rules decide), -1 a box that is not a number (Python decides). */
static int usual_gap(const Reader *r, const Rules *rules, const RunData *runs, Py_ssize_t n,
                     double size, Scratch *s, double *usual) {
    Py_ssize_t n_gaps = 0, n_inside = 0;
    Py_UCS4 prev = ' ';
    double prev_x1 = 0.0;
    Rect box = {0, 0, 0, 0};
    for (Py_ssize_t k = 0; k < n; k++) {
        for (Py_ssize_t i = runs[k].start; i < runs[k].end; i++) {
            r->api.loose_box(r->handle, (int)i, &box);
            Py_UCS4 c = shown_at(r, i);
            double gap = (double)box.left - prev_x1;
            if (c != ' ' && prev != ' ') {
                if (isnan(gap)) return -1; /* Python's sort places NaN its own way */
                s->gaps[n_gaps++] = gap;
                if (i > runs[k].start) {
                    s->inside[n_inside].gap = gap;
                    s->inside[n_inside].before = prev;
                    s->inside[n_inside++].after = c;
                }
            }
            prev = c;
            prev_x1 = box.right;
        }
    }
    *usual = 0.0;
    if (n_gaps) {
        qsort(s->gaps, (size_t)n_gaps, sizeof *s->gaps, cmp_gap);
        *usual = s->gaps[n_gaps / 2];
    }
    for (Py_ssize_t k = 0; k < n_inside; k++) {
        const Inside *in = &s->inside[k];
        int tight =
            in_set(rules->tight_before, in->after) || in_set(rules->tight_after, in->before);
        if (in->gap > rules->punct_gap * size
            || (!tight && in->gap > *usual + rules->word_gap * size))
            return 0;
    }
    return 1;
}

/* runlines._text: the runs joined, a space where the word-gap rule puts one. The
 * text's length, or -1 when only Python or the character rules can tell. */
static Py_ssize_t plain_text(const Reader *r, const Rules *rules, const RunData *runs,
                             Py_ssize_t n, double size, Scratch *s) {
    Py_ssize_t length = put_run(r, &runs[0], s->text);
    int usual_read = 0;
    double usual = 0.0;
    for (Py_ssize_t i = 1; i < n; i++) {
        Py_UCS4 prev = shown_at(r, runs[i - 1].end - 1), c = shown_at(r, runs[i].start);
        if (c != ' ' && prev != ' ') {
            int space = space_between(rules, &runs[i - 1], &runs[i], size, prev, c);
            if (space < 0) {
                /* Close to the threshold: the line's usual gap decides, read once. */
                if (!usual_read) {
                    usual_read = usual_gap(r, rules, runs, n, size, s, &usual) == 1 ? 1 : -1;
                }
                if (usual_read < 0) return -1;
                space = runs[i].x0 - runs[i - 1].last_x1 > usual + rules->word_gap * size;
            }
            if (space) s->text[length++] = ' ';
        }
        length += put_run(r, &runs[i], s->text + length);
    }
    return length;
}

/* runlines._text_with_markers: the text without the raised digits, which become
 * footnote markers (offset in the text, digits). The text's length, or -1 when a gap
 * between runs needs the character rules. */
static Py_ssize_t marked_text(const Reader *r, const Rules *rules, const RunData *runs,
                              Py_ssize_t n, const unsigned char *raised_runs, double size,
                              Scratch *s, Py_ssize_t *n_markers) {
    /* Which characters of the joined runs are raised digits; chars.keep_symbols then
     * keeps those next to a slash (a symbol set small, A/RES/78/323) in the text. */
    Py_ssize_t full = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        for (Py_ssize_t k = runs[i].start; k < runs[i].end; k++)
            s->raised[full++] = raised_runs[i] && Py_UNICODE_ISDIGIT(shown_at(r, k));
    Py_ssize_t at = 0;
    Py_UCS4 *joined = s->text; /* the joined runs, until the text is written over them */
    for (Py_ssize_t i = 0; i < n; i++) at += put_run(r, &runs[i], joined + at);
    for (Py_ssize_t i = 0; i < full;) {
        if (!s->raised[i]) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < full && s->raised[j]) j++;
        if ((i > 0 && joined[i - 1] == '/') || (j < full && joined[j] == '/'))
            memset(s->raised + i, 0, (size_t)(j - i));
        i = j;
    }
    Py_ssize_t length = 0, trail = 0, n_digits = 0, pos = 0;
    Py_UCS4 prev = 0; /* none yet: Python's "" */
    int has_prev = 0;
    *n_markers = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const RunData *run = &runs[i];
        for (Py_ssize_t k = run->start; k < run->end; k++, pos++) {
            Py_UCS4 c = shown_at(r, k);
            if (raised_runs[i] && s->raised[pos]) {
                Py_ssize_t offset = length - trail;
                Marker *last = *n_markers ? &s->markers[*n_markers - 1] : NULL;
                if (last != NULL && last->offset == offset && has_prev
                    && Py_UNICODE_ISDIGIT(prev)) {
                    last->length++;
                } else {
                    Marker *m = &s->markers[(*n_markers)++];
                    m->offset = offset;
                    m->first = n_digits;
                    m->length = 1;
                }
                s->digits[n_digits++] = c;
                prev = c;
                has_prev = 1;
                continue;
            }
            int after_space = length > 0 && s->text[length - 1] == ' ';
            if (k == run->start && i > 0 && c != ' ' && !after_space) {
                int space = space_between(rules, &runs[i - 1], run, size, prev, c);
                if (space < 0) return -1;
                if (space) {
                    s->text[length++] = ' ';
                    trail++;
                }
            }
            if (!raised_runs[i]) {
                /* A run that is not raised is one piece: its trailing spaces count. */
                Py_ssize_t piece = put_run(r, run, s->text + length), kept = piece;
                while (kept > 0 && s->text[length + kept - 1] == ' ') kept--;
                length += piece;
                trail = piece - kept + (kept ? 0 : trail);
                prev = s->text[length - 1];
                has_prev = 1;
                pos += piece; /* the loop's own step is skipped by the break */
                break;
            }
            s->text[length++] = c;
            trail = c == ' ' ? trail + 1 : 0;
            prev = c;
            has_prev = 1;
        }
    }
    return length;
}

/* The markers as Python's list of (offset, digits), offsets moved by ``shift``. */
static PyObject *marker_list(const Scratch *s, Py_ssize_t n_markers, Py_ssize_t shift) {
    PyObject *list = PyList_New(n_markers);
    for (Py_ssize_t k = 0; list != NULL && k < n_markers; k++) {
        const Marker *m = &s->markers[k];
        Py_ssize_t offset = m->offset - shift;
        PyObject *digits = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s->digits + m->first,
                                                     m->length);
        PyObject *item =
            digits == NULL ? NULL : Py_BuildValue("(nN)", offset > 0 ? offset : 0, digits);
        if (item == NULL) Py_CLEAR(list);
        else PyList_SET_ITEM(list, k, item);
    }
    return list;
}

/* The Line object: Line(text, page, x0, top, size, bold, markers, gap_before). Takes over ``text``
 * (made) and ``markers`` (NULL when making it failed, the error set). */
static PyObject *make_line(PyObject *line_type, PyObject *text, PyObject *page, double x0,
                           double top, PyObject *size, int bold, PyObject *markers, int gap) {
    PyObject *left = PyFloat_FromDouble(x0);
    PyObject *baseline = PyFloat_FromDouble(top);
    PyObject *line = NULL;
    if (text != NULL && markers != NULL && left != NULL && baseline != NULL) {
        PyObject *args[] = {text,    page,   left, baseline, size, bold ? Py_True : Py_False,
                            markers, gap ? Py_True : Py_False};
        line = PyObject_Vectorcall(line_type, args, 8, NULL);
    }
    Py_XDECREF(text);
    Py_XDECREF(markers);
    Py_XDECREF(left);
    Py_XDECREF(baseline);
    return line;
}

static int cmp_weighted(const void *pa, const void *pb) {
    const Weighted *a = pa, *b = pb;
    int c = cmp_double(a->baseline, b->baseline);
    if (!c) c = (a->count > b->count) - (a->count < b->count);
    if (!c) c = (a->index > b->index) - (a->index < b->index); /* Python's sort is stable */
    return c;
}

/* runlines._baseline: the upper median baseline of the runs of the dominant size. */
static double line_baseline(const RunData *runs, Py_ssize_t n, double size, Weighted *scratch) {
    Py_ssize_t n_main = 0;
    int same = 1;
    double first = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (runs[i].size_value != size) continue;
        if (n_main == 0) first = runs[i].baseline;
        else if (runs[i].baseline != first) same = 0;
        scratch[n_main].baseline = runs[i].baseline;
        scratch[n_main].count = runs[i].end - runs[i].start;
        scratch[n_main].index = n_main;
        n_main++;
    }
    if (same) return first;
    qsort(scratch, (size_t)n_main, sizeof *scratch, cmp_weighted);
    Py_ssize_t target = 0;
    for (Py_ssize_t i = 0; i < n_main; i++) target += scratch[i].count;
    target /= 2;
    for (Py_ssize_t i = 0; i < n_main; i++) {
        if (target < scratch[i].count) return scratch[i].baseline;
        target -= scratch[i].count;
    }
    return scratch[n_main - 1].baseline;
}

static int has_digit(const Reader *r, const RunData *run) {
    for (Py_ssize_t i = run->start; i < run->end; i++)
        if (Py_UNICODE_ISDIGIT(shown_at(r, i))) return 1;
    return 0;
}

/* The sizes voted for in a line, in the order first seen (a dict of Python's). */
#define MAX_VOTES 32

/* The line kept before this one, for chars.mark_gaps: its top and size when made here
 * (a line Python made is not known: runs.py then marks the page's gaps itself). */
typedef struct { int known; double top, size; } Prev;

/* The line, its gap above marked as chars.mark_gaps marks it: 1 made (``*line``), 0
 * empty (mark_gaps drops it), -1 error. */
static int keep_line(const Rules *rules, PyObject *line_type, PyObject *text, PyObject *page,
                     double x0, double top, PyObject *size, double size_value, int bold,
                     PyObject *markers, Prev *prev, PyObject **line) {
    if (PyUnicode_GET_LENGTH(text) == 0) {
        Py_DECREF(text);
        Py_XDECREF(markers);
        return markers == NULL ? -1 : 0;
    }
    int gap = 0;
    if (prev->known && prev->size != 0.0) { /* "and prev.size": NaN is true */
        double widest = prev->size; /* max(prev.size, line.size or 0) */
        if (size_value > widest) widest = size_value;
        gap = top - prev->top > rules->gap_leading * widest;
    }
    *line = make_line(line_type, text, page, x0, top, size, bold, markers, gap);
    prev->known = 1;
    prev->top = top;
    prev->size = size_value;
    return *line == NULL ? -1 : 1;
}

/* runlines.finish_runs in C: 1 made (``*line``), 0 empty, 2 Python must finish the
 * line, -1 error. */
static int finish(const Reader *r, const Rules *rules, const RunData *runs, Py_ssize_t n,
                  PyObject *page, PyObject *line_type, unsigned char *raised_runs, Scratch *s,
                  Prev *prev, PyObject **line) {
    if (n == 1) {
        /* CASE 1: one run, the usual line: one size, one baseline, no marker. */
        const RunData *run = &runs[0];
        if (run->spread) return 2;
        PyObject *text = stripped(s->text, put_run(r, run, s->text));
        if (text == NULL) return -1;
        return keep_line(rules, line_type, text, page, run->has_first ? run->first_x0 : run->x0,
                         run->baseline, run->size, run->size_value, run->bold && run->visible > 0,
                         PyList_New(0), prev, line);
    }
    /* CASE 2: several runs. A size or baseline that is not a number goes to Python,
     * whose dict and sort treat NaN in ways of their own. */
    double votes[MAX_VOTES];
    Py_ssize_t counts[MAX_VOTES], n_votes = 0, visible = 0, heavy = 0;
    PyObject *voted[MAX_VOTES];
    int has_left = 0;
    double left = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const RunData *run = &runs[i];
        if (run->spread || isnan(run->size_value) || isnan(run->baseline)) return 2;
        if (run->counted) {
            Py_ssize_t v = 0;
            while (v < n_votes && votes[v] != run->size_value) v++;
            if (v == n_votes) {
                if (n_votes == MAX_VOTES) return 2; /* rare enough for Python */
                votes[v] = run->size_value;
                voted[v] = run->size;
                counts[v] = 0;
                n_votes++;
            }
            counts[v] += run->counted;
        }
        visible += run->visible;
        if (run->bold) heavy += run->visible;
        if (run->has_first && (!has_left || run->first_x0 < left)) {
            left = run->first_x0;
            has_left = 1;
        }
    }
    PyObject *size = runs[0].size;
    double size_value = runs[0].size_value;
    Py_ssize_t best = -1;
    for (Py_ssize_t v = 0; v < n_votes; v++) {
        if (best < 0 || counts[v] > counts[best]) best = v; /* max() keeps the first */
    }
    if (best >= 0) {
        size = voted[best];
        size_value = votes[best];
    }
    double baseline = line_baseline(runs, n, size_value, s->weighted);
    double small = rules->superscript_size * size_value;
    double rise = rules->superscript_rise * size_value;
    int any_raised = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        raised_runs[i] = runs[i].size_value < small && baseline - runs[i].baseline > rise
                         && has_digit(r, &runs[i]);
        any_raised |= raised_runs[i];
    }
    Py_ssize_t n_markers = 0;
    Py_ssize_t length = any_raised
        ? marked_text(r, rules, runs, n, raised_runs, size_value, s, &n_markers)
        : plain_text(r, rules, runs, n, size_value, s);
    if (length < 0) return 2;
    PyObject *text = stripped(s->text, length);
    if (text == NULL) return -1;
    return keep_line(rules, line_type, text, page, has_left ? left : runs[0].x0, baseline, size,
                     size_value, 2 * heavy > visible,
                     marker_list(s, n_markers, leading_space(s->text, length)), prev, line);
}

/* A line only Python can finish: ``finish`` called with its runs as Run objects. */
static PyObject *finish_in_python(const Reader *r, const RunData *runs, Py_ssize_t n,
                                  PyObject *run_type, PyObject *callback) {
    PyObject *list = PyList_New(n);
    if (list == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *run = pdfruns_run_object(r, &runs[i], run_type);
        if (run == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, run);
    }
    PyObject *line = PyObject_CallOneArg(callback, list);
    Py_DECREF(list);
    return line;
}

/* chars.starts_new_line between two runs, as runs.page_lines writes it out. */
static int new_line(const RunData *last, const RunData *run) {
    double rise = run->baseline - last->baseline;
    rise = rise < 0 ? -rise : rise;
    double size = run->size_value;
    if (last->size_value > size) size = last->size_value;
    if (1.0 > size) size = 1.0;
    return rise > 0.6 * size || (rise > 0.5 && run->x0 < last->last_x0 - 3 * size);
}

PyObject *pdfruns_lines(const Reader *r, const Rules *rules, PyObject *page, PyObject *line_type,
                        PyObject *run_type, PyObject *callback) {
    Py_ssize_t n = r->n_runs;
    /* Where each line starts (its first run), and the most characters and runs a line
     * holds: the scratch buffers are sized by the longest line, not by the page. */
    Py_ssize_t *starts = PyMem_New(Py_ssize_t, n + 1);
    if (starts == NULL) return PyErr_NoMemory();
    Py_ssize_t n_lines = 0, most_chars = 1, most_runs = 1, chars = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i == 0 || new_line(&r->runs[i - 1], &r->runs[i])) {
            starts[n_lines++] = i;
            chars = 0;
        }
        chars += r->runs[i].end - r->runs[i].start;
        if (chars > most_chars) most_chars = chars;
        if (i + 1 - starts[n_lines - 1] > most_runs) most_runs = i + 1 - starts[n_lines - 1];
    }
    starts[n_lines] = n;
    Scratch scratch;
    unsigned char *raised_runs = PyMem_New(unsigned char, most_runs);
    PyObject *lines = PyList_New(0);
    if (!alloc_scratch(&scratch, most_chars, most_runs) || raised_runs == NULL) {
        if (lines != NULL && !PyErr_Occurred()) PyErr_NoMemory();
        Py_CLEAR(lines);
    }
    Prev prev = {0, 0.0, 0.0};
    for (Py_ssize_t k = 0; lines != NULL && k < n_lines; k++) {
        const RunData *runs = &r->runs[starts[k]];
        Py_ssize_t count = starts[k + 1] - starts[k];
        PyObject *line = NULL;
        int made = finish(r, rules, runs, count, page, line_type, raised_runs, &scratch, &prev,
                          &line);
        if (made == 2) {
            line = finish_in_python(r, runs, count, run_type, callback);
            prev.known = 0;
        }
        if (made < 0 || (made && line == NULL) || (line != NULL && PyList_Append(lines, line) < 0))
            Py_CLEAR(lines);
        Py_XDECREF(line);
    }
    free_scratch(&scratch);
    PyMem_Free(raised_runs);
    PyMem_Free(starts);
    return lines;
}

/* Lines from a page's runs in C: runs.page_lines and runlines.finish_runs (issue 26).
 *
 * The runs stay C structs (_pdfruns.h); the usual lines (one run, or runs whose gaps
 * the word-gap rule decides without the line's usual gap, no raised digits, no
 * letter-spaced run) are made here as runlines.finish_runs makes them. Any other line
 * goes to Python whole: its runs become runlines.Run objects and ``finish`` (the
 * Python reference: finish_runs, or the character rules) makes it. Each step mirrors
 * its Python reference line by line; tests/test_ingest_pdf_runs_native.py checks both
 * give the same lines on every page of the corpus and on generated pages.
 *
 * Bounds: every run lies in [0, count) of the page's text (_pdfruns.c checks it), a
 * line's runs are a slice of the page's, and every buffer here is sized by the
 * page's runs or characters, at most the page limit (pdf_limits.MAX_PAGE_CHARS).
 */
#include "_pdfruns.h"

#include <math.h>
#include <stdlib.h>

/* ---- runs._distinct ---- */

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
 * runs._distinct then gives the page to the character rules). */
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

/* One row's runs, swept left to right as runs._distinct does: 1 distinct, 0 not. */
static int distinct_row(const Reader *r, const Cell *row, Py_ssize_t n, Py_ssize_t max_stacked,
                        Cell *active, Py_UCS4 *chars) {
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
            size_t n_chars = 0;
            for (Py_ssize_t i = run->start; i < run->end; i++) chars[n_chars++] = shown_at(r, i);
            qsort(chars, n_chars, sizeof *chars, cmp_ucs4);
            for (Py_ssize_t a = 0; a < n_active; a++)
                if (shares_glyph(r, &r->runs[active[a].index], chars, n_chars)) return 0;
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
    Py_UCS4 *chars = PyMem_New(Py_UCS4, r->count > 0 ? r->count : 1);
    int result = 1;
    if (cells == NULL || active == NULL || chars == NULL) {
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
            result = distinct_row(r, &cells[start], end - start, max_stacked, active, chars);
        start = end;
    }
    PyMem_Free(cells);
    PyMem_Free(active);
    PyMem_Free(chars);
    return result;
}

/* ---- runlines.finish_runs ---- */

/* The line's text from ``buffer`` (the joined runs), stripped as Python's str.strip()
 * strips; Python makes it in the narrowest kind, as it makes every string. */
static PyObject *stripped(const Py_UCS4 *buffer, Py_ssize_t n) {
    Py_ssize_t first = 0, last = n;
    while (first < last && Py_UNICODE_ISSPACE(buffer[first])) first++;
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

/* The Line object: Line(text, page, x0, top, size, bold, []). */
static PyObject *make_line(PyObject *line_type, PyObject *text, PyObject *page, double x0,
                           double top, PyObject *size, int bold) {
    PyObject *left = PyFloat_FromDouble(x0);
    PyObject *baseline = PyFloat_FromDouble(top);
    PyObject *markers = PyList_New(0);
    PyObject *line = NULL;
    if (left != NULL && baseline != NULL && markers != NULL) {
        PyObject *args[] = {text, page, left, baseline, size, bold ? Py_True : Py_False, markers};
        line = PyObject_Vectorcall(line_type, args, 7, NULL);
    }
    Py_XDECREF(left);
    Py_XDECREF(baseline);
    Py_XDECREF(markers);
    return line;
}

/* The sizes voted for in a line, in the order first seen (a dict of Python's). */
#define MAX_VOTES 32

typedef struct { double baseline; Py_ssize_t count, index; } Weighted;

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

/* Scratch buffers of a page's lines, sized by its characters and runs. */
typedef struct { Py_UCS4 *text; Weighted *weighted; } Scratch;

/* runlines.finish_runs in C: a new Line, Py_None (borrowed) when Python must finish
 * the line, NULL on error. */
static PyObject *finish(const Reader *r, const Rules *rules, const RunData *runs, Py_ssize_t n,
                        PyObject *page, PyObject *line_type, Scratch *scratch) {
    if (n == 1) {
        /* CASE 1: one run, the usual line: one size, one baseline, no marker. */
        const RunData *run = &runs[0];
        if (run->spread) return Py_None;
        PyObject *text = stripped(scratch->text, put_run(r, run, scratch->text));
        if (text == NULL) return NULL;
        PyObject *line = make_line(line_type, text, page, run->has_first ? run->first_x0 : run->x0,
                                   run->baseline, run->size, run->bold && run->visible > 0);
        Py_DECREF(text);
        return line;
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
        if (run->spread || isnan(run->size_value) || isnan(run->baseline)) return Py_None;
        if (run->counted) {
            Py_ssize_t v = 0;
            while (v < n_votes && votes[v] != run->size_value) v++;
            if (v == n_votes) {
                if (n_votes == MAX_VOTES) return Py_None; /* rare enough for Python */
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
    double baseline = line_baseline(runs, n, size_value, scratch->weighted);
    double small = rules->superscript_size * size_value;
    double rise = rules->superscript_rise * size_value;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (runs[i].size_value < small && baseline - runs[i].baseline > rise
            && has_digit(r, &runs[i]))
            return Py_None; /* footnote markers: runlines._text_with_markers */
    }
    Py_ssize_t length = put_run(r, &runs[0], scratch->text);
    for (Py_ssize_t i = 1; i < n; i++) {
        Py_UCS4 prev = shown_at(r, runs[i - 1].end - 1), c = shown_at(r, runs[i].start);
        if (c != ' ' && prev != ' ') {
            int space = space_between(rules, &runs[i - 1], &runs[i], size_value, prev, c);
            if (space < 0) return Py_None; /* the line's usual gap decides: runlines._LineGaps */
            if (space) scratch->text[length++] = ' ';
        }
        length += put_run(r, &runs[i], scratch->text + length);
    }
    PyObject *text = stripped(scratch->text, length);
    if (text == NULL) return NULL;
    PyObject *line = make_line(line_type, text, page, has_left ? left : runs[0].x0, baseline, size,
                               2 * heavy > visible);
    Py_DECREF(text);
    return line;
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

PyObject *pdfruns_lines(const Reader *r, const Rules *rules, PyObject *page, PyObject *line_type,
                        PyObject *run_type, PyObject *callback) {
    Py_ssize_t n = r->n_runs;
    Scratch scratch;
    /* A line's text: its characters and a space between two runs at most. */
    scratch.text = PyMem_New(Py_UCS4, 2 * r->count + 1);
    scratch.weighted = PyMem_New(Weighted, n > 0 ? n : 1);
    PyObject *lines = PyList_New(0);
    if (scratch.text == NULL || scratch.weighted == NULL) {
        if (lines != NULL && !PyErr_Occurred()) PyErr_NoMemory();
        Py_CLEAR(lines);
    }
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; lines != NULL && i <= n; i++) {
        if (i < n && i > 0) {
            /* chars.starts_new_line, as runs.page_lines writes it out. */
            const RunData *last = &r->runs[i - 1], *run = &r->runs[i];
            double rise = run->baseline - last->baseline;
            rise = rise < 0 ? -rise : rise;
            double size = run->size_value;
            if (last->size_value > size) size = last->size_value;
            if (1.0 > size) size = 1.0;
            if (!(rise > 0.6 * size || (rise > 0.5 && run->x0 < last->last_x0 - 3 * size)))
                continue;
        } else if (i < n) {
            continue;
        }
        if (i == start) continue; /* no runs at all */
        const RunData *runs = &r->runs[start];
        PyObject *line = finish(r, rules, runs, i - start, page, line_type, &scratch);
        if (line == Py_None) line = finish_in_python(r, runs, i - start, run_type, callback);
        if (line == NULL || PyList_Append(lines, line) < 0) Py_CLEAR(lines);
        Py_XDECREF(line);
        start = i;
    }
    PyMem_Free(scratch.text);
    PyMem_Free(scratch.weighted);
    return lines;
}

/* What the two halves of the run path's C helper share (issue 26):
 * _pdfruns.c reads a page's runs through pdfium, _pdflines.c makes lines of them.
 */
#ifndef NORMTRACE_PDFRUNS_H
#define NORMTRACE_PDFRUNS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct { float left, top, right, bottom; } Rect;
typedef struct { float a, b, c, d, e, f; } Matrix;

typedef void *(*TextObjectFn)(void *, int);
typedef int (*LooseBoxFn)(void *, int, Rect *);
typedef int (*OriginFn)(void *, int, double *, double *);
typedef double (*FontSizeFn)(void *, int);
typedef int (*FontWeightFn)(void *, int);
typedef int (*CountCharsFn)(void *);
typedef int (*MatrixFn)(void *, int, Matrix *);
typedef int (*TextIndexFn)(void *, int);
typedef int (*GetTextFn)(void *, int, int, unsigned short *);

typedef struct {
    TextObjectFn text_object;
    LooseBoxFn loose_box;
    OriginFn origin;
    FontSizeFn font_size;
    FontWeightFn font_weight;
    CountCharsFn count_chars;
    MatrixFn matrix;
    TextIndexFn text_index;
    GetTextFn get_text;
} Api;

typedef struct { Py_ssize_t index; void *probed; } Probe;

/* One run: the fields of runlines.Run, kept in C until Python needs the object. */
typedef struct {
    Py_ssize_t start, end;     /* 0 <= start < end <= the page's character count */
    double x0, first_x0, last_x0, last_x1, baseline, size_value;
    int has_first;             /* first_x0 is not None: a character other than " " */
    int bold, spread;
    Py_ssize_t counted, visible;
    PyObject *size;            /* the rounded size as Python's round() made it (owned) */
} RunData;

/* Font sizes repeat on a page: each is rounded by Python's round() once. */
#define SIZE_CACHE 16

/* The rules of the run path and of the line (runs.py, runlines.py, chars.py), passed
 * in by runs._rules(), one definition each. */
typedef struct {
    double spread, punct_gap, word_gap, word_high, word_low, superscript_size, superscript_rise,
        gap_leading;
    PyObject *tight_before, *tight_after;  /* str */
    Py_ssize_t max_stacked;
    PyObject *unsafe;  /* str: pairs of characters, the first and last of a range */
    PyObject *odd_spaces, *soft_hyphens;   /* str: shown as " " and "-" */
} Rules;

typedef struct {
    Api api;
    void *handle;
    int text_kind;
    const void *text_data;
    Py_UCS4 *shown;    /* the page's text as runs show it: odd spaces " ", soft hyphens "-" */
    Py_ssize_t count;
    double height, spread;
    Rect box;          /* one box and one point for the page, as runreader.RunReader */
    double point[2];
    double raw_sizes[SIZE_CACHE];
    PyObject *rounded[SIZE_CACHE];
    int cached;
    Probe *seen;       /* runreader._object_ranges' probes, at most one per character */
    Py_ssize_t n_seen, seen_capacity;
    RunData *runs;     /* at most one run per character */
    Py_ssize_t n_runs, runs_capacity;
} Reader;

static inline Py_UCS4 shown_at(const Reader *r, Py_ssize_t i) { return r->shown[i]; }

/* _pdflines.c: runreader.distinct_runs on the page's runs (1 distinct, 0 not). */
int pdfruns_distinct(const Reader *r, Py_ssize_t max_stacked);

/* _pdflines.c: the lines of runs.page_lines, a line that only Python can finish given
 * to ``finish`` as its list of runs; NULL on error. */
PyObject *pdfruns_lines(const Reader *r, const Rules *rules, PyObject *page, PyObject *line_type,
                        PyObject *run_type, PyObject *finish);

/* _pdfruns.c: runlines.Run of one run (a new reference, NULL on error). */
PyObject *pdfruns_run_object(const Reader *r, const RunData *run, PyObject *run_type);

#endif

/* The pdfium calls of the run path (runs.py) in one call a page (issue 26).
 *
 * read_runs(textpage, functions, text, shown, height, spread, run_type, max_chars)
 * walks a pdfium text page's text objects and returns the list of Run objects that
 * runs._RunReader.read makes from them, or None when a run is not laid out left to
 * right on one baseline. The pdfium functions come in as addresses (taken from
 * pypdfium2.raw), so nothing links against pdfium at build time. Each step mirrors
 * its Python reference in runs.py line by line; tests/test_ingest_pdf_runs_native.py
 * checks that both give the same runs.
 *
 * Every index passed to pdfium lies in [0, count), where count is both pdfium's
 * character count and the length of the page's text, and count is at most
 * max_chars (the page limit of pdf_limits.py): the caller's checks are made again
 * here, so no buffer is read or written out of its bounds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <math.h>
#include <string.h>

typedef struct { float left, top, right, bottom; } Rect;
typedef struct { float a, b, c, d, e, f; } Matrix;

typedef void *(*TextObjectFn)(void *, int);
typedef int (*LooseBoxFn)(void *, int, Rect *);
typedef int (*OriginFn)(void *, int, double *, double *);
typedef double (*FontSizeFn)(void *, int);
typedef int (*FontWeightFn)(void *, int);
typedef int (*CountCharsFn)(void *);
typedef int (*MatrixFn)(void *, int, Matrix *);

typedef struct {
    TextObjectFn text_object;
    LooseBoxFn loose_box;
    OriginFn origin;
    FontSizeFn font_size;
    FontWeightFn font_weight;
    CountCharsFn count_chars;
    MatrixFn matrix;
} Api;

typedef struct { Py_ssize_t index; void *probed; } Probe;

/* Font sizes repeat on a page: each is rounded by Python's round() once. */
#define SIZE_CACHE 16

typedef struct {
    Api api;
    void *handle;
    PyObject *text, *shown, *run_type;
    int text_kind, shown_kind;
    const void *text_data, *shown_data;
    Py_ssize_t count;
    double height, spread;
    Rect box;          /* one box and one point for the page, as runs._RunReader */
    double point[2];
    double raw_sizes[SIZE_CACHE];
    PyObject *rounded[SIZE_CACHE];
    int cached;
    Probe *seen;       /* runs._object_ranges' probes, at most one per character */
    Py_ssize_t n_seen;
    PyObject *runs;
} Reader;

static Py_UCS4 shown_at(Reader *r, Py_ssize_t i) {
    return PyUnicode_READ(r->shown_kind, r->shown_data, i);
}

/* round(size, 1) by Python itself, so the result is the reference's to the bit. */
static PyObject *rounded_size(Reader *r, double size) {
    for (int i = 0; i < r->cached; i++) {
        if (r->raw_sizes[i] == size) {
            Py_INCREF(r->rounded[i]);
            return r->rounded[i];
        }
    }
    PyObject *value = PyFloat_FromDouble(size);
    if (value == NULL) return NULL;
    PyObject *result = PyObject_CallMethod(value, "__round__", "i", 1);
    Py_DECREF(value);
    if (result == NULL) return NULL;
    if (!PyFloat_Check(result)) {
        Py_DECREF(result);
        PyErr_SetString(PyExc_TypeError, "round() of a size gave no float");
        return NULL;
    }
    if (r->cached < SIZE_CACHE && size == size) { /* NaN never matches: not cached */
        r->raw_sizes[r->cached] = size;
        Py_INCREF(result);
        r->rounded[r->cached++] = result;
    }
    return result;
}

/* runs._RunReader._scaled: text set at size 1 and scaled by the text matrix. */
static double scaled(Reader *r, Py_ssize_t index, double size) {
    Matrix m = {0, 0, 0, 0, 0, 0};
    r->api.matrix(r->handle, (int)index, &m);
    double d = fabs((double)m.d), b = fabs((double)m.b);
    return size * (d != 0.0 ? d : (b != 0.0 ? b : 1.0));
}

/* One run, runs._RunReader.read's loop body: 1 made, 0 not left to right, -1 error. */
static int add_run(Reader *r, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t count = end - start;
    void *h = r->handle;
    r->api.loose_box(h, (int)start, &r->box);
    double x0 = r->box.left, x1 = r->box.right, bottom = r->box.bottom;
    r->api.origin(h, (int)start, &r->point[0], &r->point[1]);
    double raw_size = r->api.font_size(h, (int)start);
    if (raw_size < 4) raw_size = scaled(r, start, raw_size);
    PyObject *size = rounded_size(r, raw_size);
    if (size == NULL) return -1;
    double size_value = PyFloat_AS_DOUBLE(size);
    double last_x0 = x0, last_x1 = x1;
    if (count > 1) {
        r->api.loose_box(h, (int)(end - 1), &r->box);
        last_x0 = r->box.left;
        last_x1 = r->box.right;
        if ((double)r->box.bottom != bottom || last_x0 < x0) {
            Py_DECREF(size);
            return 0; /* tilted, vertical or overprinted text */
        }
    }
    int spread = 0;
    if (count > 2 && shown_at(r, start) != ' ' && shown_at(r, start + 1) != ' ') {
        r->api.loose_box(h, (int)(start + 1), &r->box);
        spread = (double)r->box.left - x1 > r->spread * size_value;
    }
    Py_ssize_t blanks = 0, spaces = 0, first_visible = -1;
    for (Py_ssize_t i = start; i < end; i++) {
        if (shown_at(r, i) == ' ') blanks++;
        else if (first_visible < 0) first_visible = i;
        if (PyUnicode_READ(r->text_kind, r->text_data, i) == ' ') spaces++;
    }
    PyObject *first_x0;
    if (blanks == count) {
        first_x0 = Py_None;
        Py_INCREF(first_x0);
    } else if (first_visible == start) {
        first_x0 = PyFloat_FromDouble(x0);
    } else {
        r->api.loose_box(h, (int)first_visible, &r->box);
        first_x0 = PyFloat_FromDouble(r->box.left);
    }
    if (first_x0 == NULL) {
        Py_DECREF(size);
        return -1;
    }
    int bold = r->api.font_weight(h, (int)start) >= 600;
    PyObject *text = PyUnicode_Substring(r->shown, start, end);
    PyObject *run = text == NULL ? NULL : PyObject_CallFunction(
        r->run_type, "OnndOdddOOnnO", text, start, end, x0, first_x0, last_x0, last_x1,
        r->height - r->point[1], size, bold ? Py_True : Py_False, count - spaces,
        count - blanks, spread ? Py_True : Py_False);
    Py_XDECREF(text);
    Py_DECREF(first_x0);
    Py_DECREF(size);
    if (run == NULL) return -1;
    int failed = PyList_Append(r->runs, run);
    Py_DECREF(run);
    return failed ? -1 : 1;
}

/* runs._object_ranges for one pdfium line, a run made of each range found. */
static int object_ranges(Reader *r, Py_ssize_t start, Py_ssize_t end) {
    if (end <= start) return 1;
    TextObjectFn text_object = r->api.text_object;
    void *h = r->handle;
    void *last = text_object(h, (int)(end - 1));
    void *first = text_object(h, (int)start);
    r->n_seen = 0;
    while (start < end) {
        if (first == NULL) {
            start += 1;
            first = start < end ? text_object(h, (int)start) : NULL;
            continue;
        }
        if (first == last) return add_run(r, start, end);
        Py_ssize_t low = start, high = end - 1;
        void *found = last;
        for (Py_ssize_t k = 0; k < r->n_seen; k++) {
            Probe p = r->seen[k];
            if (p.probed == first) {
                if (p.index > low) low = p.index;
            } else if (p.index < high) {
                high = p.index;
                found = p.probed;
            }
        }
        while (high - low > 1) {
            Py_ssize_t middle = (low + high) >> 1;
            void *probe = text_object(h, (int)middle);
            if (r->n_seen >= r->count) { /* cannot happen: probes are distinct indices */
                PyErr_SetString(PyExc_RuntimeError, "pdfruns: more probes than characters");
                return -1;
            }
            r->seen[r->n_seen].index = middle;
            r->seen[r->n_seen++].probed = probe;
            if (probe == first) low = middle;
            else { high = middle; found = probe; }
        }
        int made = add_run(r, start, low + 1);
        if (made != 1) return made;
        start = high;
        first = found;
        Py_ssize_t kept = 0;
        for (Py_ssize_t k = 0; k < r->n_seen; k++)
            if (r->seen[k].index > high) r->seen[kept++] = r->seen[k];
        r->n_seen = kept;
    }
    return 1;
}

/* Every pdfium line of the page (the text split at "\r\n"), in order. */
static int read_page(Reader *r) {
    Py_ssize_t start = 0, i = 0;
    while (i + 1 < r->count) {
        if (PyUnicode_READ(r->text_kind, r->text_data, i) == '\r'
            && PyUnicode_READ(r->text_kind, r->text_data, i + 1) == '\n') {
            int made = object_ranges(r, start, i);
            if (made != 1) return made;
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    return object_ranges(r, start, r->count);
}

static int read_address(PyObject *functions, Py_ssize_t i, void **out) {
    PyObject *item = PyTuple_GET_ITEM(functions, i);
    void *address = PyLong_AsVoidPtr(item);
    if (address == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a null pdfium function");
        return -1;
    }
    *out = address;
    return 0;
}

static PyObject *read_runs(PyObject *module, PyObject *args) {
    PyObject *handle_obj, *functions, *text, *shown, *run_type;
    double height, spread;
    Py_ssize_t max_chars;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO!UUddOn", &handle_obj, &PyTuple_Type, &functions, &text,
                          &shown, &height, &spread, &run_type, &max_chars))
        return NULL;
    if (PyTuple_GET_SIZE(functions) != 7) {
        PyErr_SetString(PyExc_ValueError, "seven pdfium functions expected");
        return NULL;
    }
    Reader r;
    memset(&r, 0, sizeof r);
    void *addresses[7];
    for (Py_ssize_t i = 0; i < 7; i++)
        if (read_address(functions, i, &addresses[i]) < 0) return NULL;
    r.api.text_object = (TextObjectFn)addresses[0];
    r.api.loose_box = (LooseBoxFn)addresses[1];
    r.api.origin = (OriginFn)addresses[2];
    r.api.font_size = (FontSizeFn)addresses[3];
    r.api.font_weight = (FontWeightFn)addresses[4];
    r.api.count_chars = (CountCharsFn)addresses[5];
    r.api.matrix = (MatrixFn)addresses[6];
    r.handle = PyLong_AsVoidPtr(handle_obj);
    if (r.handle == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a null text page");
        return NULL;
    }
    r.count = PyUnicode_GET_LENGTH(text);
    /* The checks of runs._read_runs, made again: the indices below rely on them. */
    if (r.count != PyUnicode_GET_LENGTH(shown) || r.count > max_chars || r.count > INT_MAX
        || r.count != (Py_ssize_t)r.api.count_chars(r.handle))
        Py_RETURN_NONE;
    r.text = text;
    r.shown = shown;
    r.run_type = run_type;
    r.text_kind = PyUnicode_KIND(text);
    r.text_data = PyUnicode_DATA(text);
    r.shown_kind = PyUnicode_KIND(shown);
    r.shown_data = PyUnicode_DATA(shown);
    r.height = height;
    r.spread = spread;
    r.seen = PyMem_New(Probe, r.count > 0 ? r.count : 1);
    if (r.seen == NULL) return PyErr_NoMemory();
    r.runs = PyList_New(0);
    int made = r.runs == NULL ? -1 : read_page(&r);
    PyMem_Free(r.seen);
    for (int i = 0; i < r.cached; i++) Py_DECREF(r.rounded[i]);
    if (made == 1) return r.runs;
    Py_XDECREF(r.runs);
    if (made < 0) return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"read_runs", read_runs, METH_VARARGS,
     "The runs of one pdfium text page, or None when one is not a left-to-right line."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfruns", "The run path's pdfium calls in C (runs.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pdfruns(void) { return PyModule_Create(&module); }

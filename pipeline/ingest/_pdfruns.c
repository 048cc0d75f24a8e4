/* The pdfium calls of the run path (runs.py) in one call a page (issue 26).
 *
 * read_runs(textpage, functions, text, height, max_chars, rules, run_type) walks a
 * pdfium text page's text objects and returns the list of Run objects that
 * runreader.RunReader.read makes from them, or None when the page is not for the run
 * path (runreader.open_reader's checks) or a run is not laid out left to right on one
 * baseline. page_lines(...) reads the same runs into C structs and makes the page's
 * lines of them (_pdflines.c); page_text(...) reads the page's text (pdf.page_text).
 * The pdfium functions come in as addresses (taken from pypdfium2.raw), so nothing
 * links against pdfium at build time. Each step mirrors its Python reference
 * (runreader.py, pdf.py) line by line; tests/test_ingest_pdf_runs_native.py checks
 * that both give the same text, runs and lines.
 *
 * Every index passed to pdfium lies in [0, count), where count is both pdfium's
 * character count and the length of the page's text, and count is at most
 * max_chars (the page limit of pdf_limits.py): the caller's checks are made again
 * here, so no buffer is read or written out of its bounds. A run holds one
 * character at least, so the page's runs never need more than ``count`` entries.
 */
#include "_pdfruns.h"

#include <limits.h>
#include <math.h>
#include <string.h>

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

/* runreader.RunReader._scaled: text set at size 1 and scaled by the text matrix. */
static double scaled(Reader *r, Py_ssize_t index, double size) {
    Matrix m = {0, 0, 0, 0, 0, 0};
    r->api.matrix(r->handle, (int)index, &m);
    double d = fabs((double)m.d), b = fabs((double)m.b);
    return size * (d != 0.0 ? d : (b != 0.0 ? b : 1.0));
}

/* Room for one more item in a buffer that grows by doubling, never past ``limit``
 * items (the page's characters): a page holds some hundred runs and probes, not one
 * per character, and buffers past glibc's trim threshold were given back and faulted
 * in again page after page. 0 ready, -1 error. */
static int grow(void **items, Py_ssize_t *capacity, Py_ssize_t used, Py_ssize_t limit,
                size_t item_size) {
    if (used < *capacity) return 0;
    if (used >= limit) { /* cannot happen: one run or probe per character at most */
        PyErr_SetString(PyExc_RuntimeError, "pdfruns: more runs or probes than characters");
        return -1;
    }
    Py_ssize_t wanted = *capacity ? 2 * *capacity : 64;
    if (wanted > limit) wanted = limit;
    void *bigger = PyMem_Realloc(*items, (size_t)wanted * item_size);
    if (bigger == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *items = bigger;
    *capacity = wanted;
    return 0;
}

/* One run, runreader.RunReader.read's loop body: 1 made, 0 not left to right, -1 error. */
static int add_run(Reader *r, Py_ssize_t start, Py_ssize_t end) {
    Py_ssize_t count = end - start;
    void *h = r->handle;
    if (grow((void **)&r->runs, &r->runs_capacity, r->n_runs, r->count, sizeof *r->runs) < 0)
        return -1;
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
    double first_x0 = x0;
    if (first_visible > start) {
        r->api.loose_box(h, (int)first_visible, &r->box);
        first_x0 = r->box.left;
    }
    RunData *run = &r->runs[r->n_runs++];
    run->start = start;
    run->end = end;
    run->x0 = x0;
    run->first_x0 = first_x0;
    run->has_first = blanks != count;
    run->last_x0 = last_x0;
    run->last_x1 = last_x1;
    run->baseline = r->height - r->point[1];
    run->size = size; /* the reference taken by rounded_size */
    run->size_value = size_value;
    run->bold = r->api.font_weight(h, (int)start) >= 600;
    run->counted = count - spaces;
    run->visible = count - blanks;
    run->spread = spread;
    return 1;
}

PyObject *pdfruns_run_object(const Reader *r, const RunData *run, PyObject *run_type) {
    PyObject *first_x0 = run->has_first ? PyFloat_FromDouble(run->first_x0) : Py_NewRef(Py_None);
    if (first_x0 == NULL) return NULL;
    PyObject *text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, r->shown + run->start,
                                               run->end - run->start);
    PyObject *made = text == NULL ? NULL : PyObject_CallFunction(
        run_type, "OnndOdddOOnnO", text, run->start, run->end, run->x0, first_x0, run->last_x0,
        run->last_x1, run->baseline, run->size, run->bold ? Py_True : Py_False, run->counted,
        run->visible, run->spread ? Py_True : Py_False);
    Py_XDECREF(text);
    Py_DECREF(first_x0);
    return made;
}

/* runreader._object_ranges for one pdfium line, a run made of each range found. */
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
            if (grow((void **)&r->seen, &r->seen_capacity, r->n_seen, r->count, sizeof *r->seen)
                < 0)
                return -1;
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

/* The pdfium functions, in the order of runreader.pdfium_api().addresses. */
#define N_FUNCTIONS 9

static int read_api(PyObject *functions, Api *api) {
    if (PyTuple_GET_SIZE(functions) != N_FUNCTIONS) {
        PyErr_SetString(PyExc_ValueError, "nine pdfium functions expected");
        return -1;
    }
    void *addresses[N_FUNCTIONS];
    for (Py_ssize_t i = 0; i < N_FUNCTIONS; i++)
        if (read_address(functions, i, &addresses[i]) < 0) return -1;
    api->text_object = (TextObjectFn)addresses[0];
    api->loose_box = (LooseBoxFn)addresses[1];
    api->origin = (OriginFn)addresses[2];
    api->font_size = (FontSizeFn)addresses[3];
    api->font_weight = (FontWeightFn)addresses[4];
    api->count_chars = (CountCharsFn)addresses[5];
    api->matrix = (MatrixFn)addresses[6];
    api->text_index = (TextIndexFn)addresses[7];
    api->get_text = (GetTextFn)addresses[8];
    return 0;
}

static void *read_handle(PyObject *handle_obj) {
    void *handle = PyLong_AsVoidPtr(handle_obj);
    if (handle == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a null text page");
    return handle;
}

/* pdf.page_text: the page's text, index i being character i; None when pdfium's
 * indices are past what the reference would read (pdf.page_text then decides). */
static PyObject *page_text(PyObject *module, PyObject *args) {
    PyObject *handle_obj, *functions;
    Py_ssize_t max_chars;
    Api api;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO!n", &handle_obj, &PyTuple_Type, &functions, &max_chars)
        || read_api(functions, &api) < 0)
        return NULL;
    void *h = read_handle(handle_obj);
    if (h == NULL) return NULL;
    int count = api.count_chars(h);
    if (count < 0 || count > max_chars) Py_RETURN_NONE;
    int first = 0, last = count - 1;
    while (first <= last && api.text_index(h, first) == -1) first++;
    if (first > last) return PyUnicode_New(0, 0);
    while (last > first && api.text_index(h, last) == -1) last--;
    long long text_first = api.text_index(h, first), text_last = api.text_index(h, last);
    long long size = text_last + 2 - text_first; /* the reference's buffer, in units */
    if (size < 1 || size > 4 * ((long long)count + 1)) Py_RETURN_NONE;
    /* pdfium writes at most the characters asked for and a NUL: room for both. */
    long long room = size > (long long)last + 2 - first ? size : (long long)last + 2 - first;
    unsigned short *buffer = PyMem_New(unsigned short, (size_t)room);
    if (buffer == NULL) return PyErr_NoMemory();
    long long written = api.get_text(h, first, last + 1 - first, buffer) - 1;
    if (written < 0) written = 0;
    if (written > size) written = size;
    int byteorder = -1; /* little endian, as "utf-16-le" */
    PyObject *text = PyUnicode_DecodeUTF16((const char *)buffer, (Py_ssize_t)(2 * written),
                                           "ignore", &byteorder);
    PyMem_Free(buffer);
    return text;
}

/* The rules tuple of runs._rules(), in its order. */
static int parse_rules(PyObject *tuple, Rules *rules) {
    if (!PyTuple_Check(tuple)) {
        PyErr_SetString(PyExc_TypeError, "the rules are a tuple (runs._rules())");
        return -1;
    }
    if (!PyArg_ParseTuple(tuple, "ddddddddUUnUUU", &rules->spread, &rules->punct_gap,
                          &rules->word_gap, &rules->word_high, &rules->word_low,
                          &rules->superscript_size, &rules->superscript_rise,
                          &rules->gap_leading, &rules->tight_before,
                          &rules->tight_after, &rules->max_stacked, &rules->unsafe,
                          &rules->odd_spaces, &rules->soft_hyphens))
        return -1;
    if (PyUnicode_GET_LENGTH(rules->unsafe) % 2) {
        PyErr_SetString(PyExc_ValueError, "unsafe characters come as ranges: pairs");
        return -1;
    }
    return 0;
}

/* How a character is shown: odd spaces and soft hyphens are kept in a short list (the
 * few above ASCII), ASCII in a table; UNSAFE marks what the run path cannot place. */
#define UNSAFE ((Py_UCS4)0xFFFFFFFF)
#define MAX_ODD 64

typedef struct {
    Py_UCS4 ascii[128];
    Py_UCS4 odd[MAX_ODD], odd_shown[MAX_ODD];
    int n_odd;
    const Rules *rules;
} Shown;

static int unsafe_char(const Rules *rules, Py_UCS4 c) {
    int kind = PyUnicode_KIND(rules->unsafe);
    const void *data = PyUnicode_DATA(rules->unsafe);
    for (Py_ssize_t k = 0; k + 1 < PyUnicode_GET_LENGTH(rules->unsafe); k += 2)
        if (PyUnicode_READ(kind, data, k) <= c && c <= PyUnicode_READ(kind, data, k + 1)) return 1;
    return 0;
}

static int add_shown(Shown *sh, PyObject *set, Py_UCS4 value) {
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(set); k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(set, k);
        if (c < 128) {
            if (sh->ascii[c] != UNSAFE) sh->ascii[c] = value; /* unsafe comes first */
        } else if (sh->n_odd < MAX_ODD) {
            sh->odd[sh->n_odd] = c;
            sh->odd_shown[sh->n_odd++] = value;
        } else {
            PyErr_SetString(PyExc_ValueError, "too many odd characters");
            return -1;
        }
    }
    return 0;
}

static Py_UCS4 shown_char(const Shown *sh, Py_UCS4 c) {
    if (c < 128) return sh->ascii[c];
    if (unsafe_char(sh->rules, c)) return UNSAFE;
    for (int k = 0; k < sh->n_odd; k++)
        if (sh->odd[k] == c) return sh->odd_shown[k];
    return c;
}

/* runreader.RunReader.shown and the _UNSAFE check of runreader.open_reader: 1 shown, 0 a character
 * the run path cannot place (CR or LF outside "\r\n" among them), -1 error. */
static int read_shown(Reader *r, const Rules *rules) {
    Shown sh;
    sh.n_odd = 0;
    sh.rules = rules;
    for (Py_UCS4 c = 0; c < 128; c++) sh.ascii[c] = unsafe_char(rules, c) ? UNSAFE : c;
    if (add_shown(&sh, rules->odd_spaces, ' ') < 0 || add_shown(&sh, rules->soft_hyphens, '-') < 0)
        return -1;
    for (Py_ssize_t i = 0; i < r->count; i++) {
        Py_UCS4 c = PyUnicode_READ(r->text_kind, r->text_data, i);
        if (c == '\r' && i + 1 < r->count
            && PyUnicode_READ(r->text_kind, r->text_data, i + 1) == '\n') {
            r->shown[i] = '\r'; /* pdfium's line break, where runs part */
            r->shown[++i] = '\n';
            continue;
        }
        Py_UCS4 shown = shown_char(&sh, c);
        if (shown == UNSAFE) return 0;
        r->shown[i] = shown;
    }
    return 1;
}

/* The checks and set-up of both entry points: 1 ready, 0 the page is not for the
 * run path (None), -1 error. The Reader then owns its buffers: close_reader frees them. */
static int open_reader(Reader *r, PyObject *handle_obj, PyObject *functions, PyObject *text,
                       double height, Py_ssize_t max_chars, const Rules *rules) {
    memset(r, 0, sizeof *r);
    if (read_api(functions, &r->api) < 0) return -1;
    r->handle = read_handle(handle_obj);
    if (r->handle == NULL) return -1;
    r->count = PyUnicode_GET_LENGTH(text);
    /* The checks of runreader.open_reader, made here: the indices below rely on them. */
    if (r->count > max_chars || r->count > INT_MAX
        || r->count != (Py_ssize_t)r->api.count_chars(r->handle))
        return 0;
    r->text_kind = PyUnicode_KIND(text);
    r->text_data = PyUnicode_DATA(text);
    r->height = height;
    r->spread = rules->spread;
    Py_ssize_t slots = r->count > 0 ? r->count : 1;
    r->shown = PyMem_New(Py_UCS4, slots);
    if (r->shown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return read_shown(r, rules);
}

static void close_reader(Reader *r) {
    for (Py_ssize_t i = 0; i < r->n_runs; i++) Py_DECREF(r->runs[i].size);
    for (int i = 0; i < r->cached; i++) Py_DECREF(r->rounded[i]);
    PyMem_Free(r->seen);
    PyMem_Free(r->runs);
    PyMem_Free(r->shown);
}

static PyObject *read_runs(PyObject *module, PyObject *args) {
    PyObject *handle_obj, *functions, *text, *rules_tuple, *run_type;
    double height;
    Py_ssize_t max_chars;
    Rules rules;
    Reader r;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO!UdnOO", &handle_obj, &PyTuple_Type, &functions, &text,
                          &height, &max_chars, &rules_tuple, &run_type)
        || parse_rules(rules_tuple, &rules) < 0)
        return NULL;
    int made = open_reader(&r, handle_obj, functions, text, height, max_chars, &rules);
    if (made == 1) made = read_page(&r);
    PyObject *runs = made == 1 ? PyList_New(r.n_runs) : NULL;
    for (Py_ssize_t i = 0; runs != NULL && i < r.n_runs; i++) {
        PyObject *run = pdfruns_run_object(&r, &r.runs[i], run_type);
        if (run == NULL) Py_CLEAR(runs);
        else PyList_SET_ITEM(runs, i, run);
    }
    close_reader(&r);
    if (made < 0 || (made == 1 && runs == NULL)) return NULL;
    if (made == 1) return runs;
    Py_RETURN_NONE;
}

static PyObject *page_lines(PyObject *module, PyObject *args) {
    PyObject *handle_obj, *functions, *text, *rules_tuple, *page, *line_type, *run_type, *finish;
    double height;
    Py_ssize_t max_chars;
    Rules rules;
    Reader r;
    (void)module;
    if (!PyArg_ParseTuple(args, "OO!UdnOOOOO", &handle_obj, &PyTuple_Type, &functions, &text,
                          &height, &max_chars, &rules_tuple, &page, &line_type, &run_type, &finish)
        || parse_rules(rules_tuple, &rules) < 0)
        return NULL;
    int made = open_reader(&r, handle_obj, functions, text, height, max_chars, &rules);
    if (made == 1) made = read_page(&r);
    if (made == 1) made = pdfruns_distinct(&r, rules.max_stacked);
    PyObject *lines = made == 1 ? pdfruns_lines(&r, &rules, page, line_type, run_type, finish)
                                : NULL;
    close_reader(&r);
    if (made < 0 || (made == 1 && lines == NULL)) return NULL;
    if (made == 1) return lines;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"read_runs", read_runs, METH_VARARGS,
     "The runs of one pdfium text page, or None when one is not a left-to-right line."},
    {"page_text", page_text, METH_VARARGS,
     "The text of one pdfium text page, index i being character i, or None."},
    {"page_lines", page_lines, METH_VARARGS,
     "The lines of one pdfium text page, or None: the character rules."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfruns", "The run path in C (runs.py, runlines.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pdfruns(void) { return PyModule_Create(&module); }

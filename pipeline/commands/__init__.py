"""Every ``normtrace`` command, one module per job; ``cli.py`` registers them.

A command parses its arguments, calls the library (a stage, report, corpus), and prints
or writes the result through the shared options of ``options.py``; nothing below this
package imports click.
"""

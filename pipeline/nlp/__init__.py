"""NLP stage: entities and clauses from a Document's paragraphs (spaCy stays in here).

``build_nlp(model=None)`` gives the spaCy pipeline; ``extract_document(doc)`` returns the
document with ``entities`` and ``clauses``. Import them from their modules
(``pipeline.nlp.language``, ``pipeline.nlp.extract``); this package does not import
spaCy on its own.
"""

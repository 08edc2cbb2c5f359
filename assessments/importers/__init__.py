"""Importing questions into question banks: XLSX/CSV, GIFT and Moodle XML.

One import kind, ``questions`` (:mod:`.kind`), registered with ``lms.core.imports`` from
``AssessmentsConfig.ready()``; it is used by ``manage.py lms_import questions FILE`` and
``lms_export questions``. Modules:

* :mod:`.kind` - format detection by content, the kind, export and template;
* :mod:`.tabular` - the spreadsheet format (columns documented there and in
  :mod:`assessments.resources`);
* :mod:`.gift` - Moodle GIFT; :mod:`.moodle_xml` - Moodle XML (defusedxml only);
  :mod:`.sources` plugs both into the ``lms.core.imports`` pipeline as item sources;
* :mod:`.items` - the question item every reader produces, and category paths;
* :mod:`.planner` - the checks every item goes through (bank, validation, comparison with the
  bank) and the write through services; :mod:`.sanitize` and :mod:`.content` - the cleaned
  texts and the comparable content it relies on.

Duplicates inside a file, counts, the dry run, the all-or-nothing commit and the report are the
``lms.core.imports`` pipeline's, the same for every format and every kind.
"""

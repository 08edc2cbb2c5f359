"""Importing questions into question banks: XLSX/CSV, GIFT and Moodle XML.

One import kind, ``questions`` (:mod:`.kind`), registered with ``lms.core.imports`` from
``AssessmentsConfig.ready()``; it is used by ``manage.py lms_import questions FILE`` and
``lms_export questions``. Modules:

* :mod:`.kind` - format detection by content, the kind, export and template;
* :mod:`.tabular` - the spreadsheet format (columns documented there and in
  :mod:`assessments.resources`);
* :mod:`.gift` - Moodle GIFT; :mod:`.moodle_xml` - Moodle XML (defusedxml only);
* :mod:`.items` - the shared checks (bank, sanitising, validation, duplicates, unchanged
  questions) and the all-or-nothing write.
"""

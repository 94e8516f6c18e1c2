"""Statistics forms of the emulation and commendation sector (issue 12, point 3).

Each form of each circular is a *definition* — a JSON file in ``forms/`` naming the form,
the circular (the version), the report years it applies to, its rows and columns with
their official codes and labels, and for each row and column the records it counts
(``where``: conditions on the facts of a record). A cell counts the records matching the
form's scope, its row and its column. A new circular is a new file, not new code.

- ``definitions``: loading, validating and choosing the version for a year;
- ``facts``: the facts of the records each source counts (award grants, movements, units,
  emulation staff), read from the database in a few grouped queries;
- ``compute``: matching facts to rows and columns, the table of a form;
- ``workbook``: the XLSX of a form (named sheet, title rows, two-level frozen header).
"""

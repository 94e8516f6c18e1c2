"""``__in`` on an integer column without the values no such column can hold.

Django leaves an out-of-range integer out of ``=``, ``<`` and ``>`` lookups
(``IntegerFieldOverflow``: no row can match) but sends it in an ``IN`` list, where SQLite
(the embedded default of ``make run``) raises OverflowError past 64 bits: a form's list of
choices (the movements of a registration, a session's agenda) posted with
"99999999999999999999" answered 500 instead of "not a valid choice". PostgreSQL compares
such a value and matches nothing, so dropping it changes no result on either database.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

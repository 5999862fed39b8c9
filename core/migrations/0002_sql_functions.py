"""SQL helpers the set-based imports validate with.

calaim_is_date: is a text an ISO YYYY-MM-DD calendar date? Written without exception handling so
it stays an inlinable SQL function (a plpgsql EXCEPTION block costs a subtransaction per row).
calaim_mbi_problem: the first rule of CMS's MBI format (shared/domain/identifiers.md) that a
normalised MBI breaks, as a sentence, or NULL when it is valid.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION calaim_is_date(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value IS NULL OR value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN false
    WHEN substr(value, 1, 4)::int < 1 THEN false
    WHEN substr(value, 6, 2)::int NOT BETWEEN 1 AND 12 THEN false
    ELSE substr(value, 9, 2)::int BETWEEN 1 AND extract(day FROM
         make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1)
         + interval '1 month - 1 day')::int
  END
$$;

CREATE OR REPLACE FUNCTION calaim_mbi_problem(mbi text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN length(mbi) <> 11 THEN 'must be 11 characters (dashes allowed), e.g. 1EG4-TE5-MK73'
    WHEN mbi ~ '[^A-Z0-9]' THEN 'may hold only letters and digits'
    WHEN mbi ~ '[SLOIBZ]' THEN 'uses a letter MBIs never contain (S, L, O, I, B or Z)'
    WHEN substr(mbi, 1, 1) !~ '[1-9]' THEN 'position 1 must be a digit 1-9'
    WHEN substr(mbi, 2, 1) !~ '[A-Z]' OR substr(mbi, 5, 1) !~ '[A-Z]'
      OR substr(mbi, 8, 1) !~ '[A-Z]' OR substr(mbi, 9, 1) !~ '[A-Z]'
      THEN 'positions 2, 5, 8 and 9 must be letters'
    WHEN substr(mbi, 4, 1) !~ '[0-9]' OR substr(mbi, 7, 1) !~ '[0-9]'
      OR substr(mbi, 10, 2) !~ '^[0-9]{2}$'
      THEN 'positions 4, 7, 10 and 11 must be digits'
  END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS calaim_is_date(text);
DROP FUNCTION IF EXISTS calaim_mbi_problem(text);
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunSQL(FUNCTIONS, DROP)]

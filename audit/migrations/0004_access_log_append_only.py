"""The access log is evidence: the database itself refuses to change or delete a row.

A trigger raises on UPDATE and DELETE of audit_accesslog, whoever connects (the admin already
offers no edit). TRUNCATE, which test teardown uses, fires no row trigger; a deliberate purge
after the retention period (HIPAA: six years, 45 CFR 164.316(b)(2)) is a DBA's
`ALTER TABLE audit_accesslog DISABLE TRIGGER accesslog_append_only` in a reviewed change.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_accesslog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the PHI access log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER accesslog_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS accesslog_append_only ON audit_accesslog;
DROP FUNCTION IF EXISTS audit_accesslog_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_more_views")]

    operations = [migrations.RunSQL(CREATE, DROP)]

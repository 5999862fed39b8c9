"""API tokens move to django-rest-knox (hashed, expiring); DRF's authtoken table kept every token
in clear text and is dropped with its tokens.

Old tokens are not carried over: they were issued without a second factor, and knox would only
hold a hash of a secret that sat readable in the database. Clients ask for a new token
(POST /api/auth/token/ with username, password and a code). The app's migration records go too,
so nothing refers to a table that is gone.
"""

from django.db import migrations

DROP = """
DROP TABLE IF EXISTS authtoken_token CASCADE;
DELETE FROM django_migrations WHERE app = 'authtoken';
DELETE FROM auth_permission WHERE content_type_id IN (
    SELECT id FROM django_content_type WHERE app_label = 'authtoken');
DELETE FROM django_content_type WHERE app_label = 'authtoken';
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_login_delay"), ("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunSQL(DROP, migrations.RunSQL.noop)]

"""Error reports that cannot leak PHI.

Django's default reporter hides only settings and parameters that look like passwords. Member data
arrives in ordinary POST fields and lives in local variables, so every POST value and every frame
variable is replaced, in debug pages, logged tracebacks and admin emails alike.
"""

from django.views.debug import SafeExceptionReporterFilter


class PhiSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [("(hidden)", "local variables are not shown: they may hold PHI")]

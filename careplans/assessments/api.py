"""REST API for a member's assessments: the same selectors and services as the pages.

Reading follows the access layer's member scope and writes an access-log row; writing is plan
care work, so CBO staff (and anyone who may not see the member) get 404. Saves carry the
revision the client read: an older one answers 409 with the current revision, and completing
without the required answers answers 400 naming each missing question.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access
from accounts.access import Capability, DataCategory
from careplans.assessments import selectors as assessment_selectors
from careplans.assessments import services as assessments
from careplans.assessments.sud import REDISCLOSURE_NOTICE, SUD_NEEDS
from careplans.assessments.views import ACCESS_LOG_VIEW
from careplans.models import Assessment, AssessmentKind, AssessmentNeed


class FlaggedNeedSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="need.code")
    label = serializers.CharField(source="need.label")
    icd10_codes = serializers.CharField(source="need.icd10_codes")
    community_supports = serializers.ListField(
        source="need.community_supports", child=serializers.CharField()
    )
    guidance = serializers.CharField(source="need.guidance")

    class Meta:
        model = AssessmentNeed
        fields = [
            "code",
            "label",
            "icd10_codes",
            "community_supports",
            "guidance",
            "points",
            "evidence",
        ]


class AssessmentSummarySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="question_set.kind")
    version = serializers.IntegerField(source="question_set.version")
    needs = FlaggedNeedSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "kind",
            "version",
            "status",
            "language",
            "revision",
            "started_at",
            "completed_on",
            "needs",
        ]


class QuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    domain = serializers.CharField(source="question.domain")
    text = serializers.CharField(help_text="In the assessment's language.")
    answer_type = serializers.CharField(source="question.answer_type")
    required = serializers.BooleanField(source="question.required")
    choices = serializers.SerializerMethodField()
    answer = serializers.JSONField(allow_null=True)

    def get_choices(self, worded) -> list[dict]:
        return [{"value": value, "label": label} for value, label in worded.choices]


class AssessmentDetailSerializer(AssessmentSummarySerializer):
    questions = serializers.SerializerMethodField()
    answers = serializers.JSONField()

    class Meta(AssessmentSummarySerializer.Meta):
        fields = [*AssessmentSummarySerializer.Meta.fields, "answers", "questions"]

    def get_questions(self, assessment) -> list[dict]:
        worded = assessment_selectors.worded_questions(
            assessment_selectors.questions_of(assessment.question_set),
            language=assessment.language,
            answers=assessment.answers,
        )
        return QuestionSerializer(worded, many=True).data


class StartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AssessmentKind.choices)
    language = serializers.ChoiceField(choices=list(assessments.LANGUAGES.items()), default="en")


class AnswersSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The revision the answers were based on.")
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="{question key: value, or a list for several choices}; null clears an answer.",
    )


class CompleteSerializer(serializers.Serializer):
    revision = serializers.IntegerField()


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _detail(request, assessment_id: int, member) -> Response:
    assessment = assessment_selectors.member_assessment(member, assessment_id)
    return Response(AssessmentDetailSerializer(assessment).data)


def _stale(error: assessments.StaleRevision) -> Response:
    return Response(
        {"detail": str(error), "current_revision": error.current.revision},
        status=status.HTTP_409_CONFLICT,
    )


class FlaggedNeedSerializer(serializers.Serializer):
    """What a CBO partner gets of assessments: the flagged needs, without the answers."""

    need = serializers.CharField(source="need.code")
    label = serializers.CharField(source="need.label")
    flagged_on = serializers.DateField(source="assessment.completed_on")
    part2_notice = serializers.SerializerMethodField()

    def get_part2_notice(self, flag) -> str | None:
        return REDISCLOSURE_NOTICE if flag.need.code in SUD_NEEDS else None


class MemberAssessmentsApi(APIView):
    @extend_schema(responses=AssessmentSummarySerializer(many=True))
    def get(self, request, member_id: int):
        """The member's assessments, newest first, with their flagged needs; a CBO partner gets
        the flagged needs only (FlaggedNeedSerializer)."""
        if not access.may_see(request.user, DataCategory.ASSESSMENTS):
            member = access.access_member(
                request, member_id, log_as=ACCESS_LOG_VIEW, category=DataCategory.FLAGGED_NEEDS
            )
            needs = assessment_selectors.flagged_needs(member, reader=request.user)
            return Response(FlaggedNeedSerializer(needs, many=True).data)
        member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
        data = AssessmentSummarySerializer(
            assessment_selectors.member_assessments(member), many=True
        ).data
        return Response(data)

    @extend_schema(request=StartSerializer, responses={201: AssessmentDetailSerializer})
    def post(self, request, member_id: int):
        """Start an assessment on the published version of `kind`, in `language`."""
        member = access.access_member(
            request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
        )
        data = _valid(StartSerializer, request.data)
        assessment = assessments.start_assessment(member=member, by=request.user, **data)
        assessment = assessment_selectors.member_assessment(member, assessment.pk)
        return Response(AssessmentDetailSerializer(assessment).data, status=201)


class MemberAssessmentApi(APIView):
    @extend_schema(responses=AssessmentDetailSerializer)
    def get(self, request, member_id: int, assessment_id: int):
        """One assessment: its questions in its language, the answers, the flagged needs."""
        member = access.access_member(request, member_id, log_as=ACCESS_LOG_VIEW)
        return _detail(request, assessment_id, member)


class AssessmentAnswersApi(APIView):
    validation_error_field = "answers"  # the service names the questions, within the answers

    @extend_schema(
        request=AnswersSerializer,
        responses={
            200: AssessmentDetailSerializer,
            409: OpenApiResponse(description="Saved from an older revision; nothing was saved."),
        },
    )
    def post(self, request, member_id: int, assessment_id: int):
        """Save a draft's answers (merged into what is saved) as a new revision."""
        member = access.access_member(
            request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
        )
        assessment = assessment_selectors.member_assessment(member, assessment_id)
        data = _valid(AnswersSerializer, request.data)
        try:
            assessments.save_answers(assessment=assessment, by=request.user, **data)
        except assessments.StaleRevision as error:
            return _stale(error)
        return _detail(request, assessment_id, member)


class AssessmentCompleteApi(APIView):
    @extend_schema(
        request=CompleteSerializer,
        responses={
            200: AssessmentDetailSerializer,
            400: OpenApiResponse(description="Required questions unanswered: `missing`."),
            409: OpenApiResponse(description="Completed from an older revision."),
        },
    )
    def post(self, request, member_id: int, assessment_id: int):
        """Check the required answers, score, and store the flagged needs."""
        member = access.access_member(
            request, member_id, capability=Capability.DO_CARE_WORK, log_as=ACCESS_LOG_VIEW
        )
        assessment = assessment_selectors.member_assessment(member, assessment_id)
        data = _valid(CompleteSerializer, request.data)
        try:
            assessments.complete_assessment(
                assessment=assessment, revision=data["revision"], by=request.user
            )
        except assessments.StaleRevision as error:
            return _stale(error)
        except assessments.AssessmentIncomplete as error:
            missing = {key: messages[0] for key, messages in error.message_dict.items()}
            return Response(
                {"detail": "Some required questions are not answered.", "missing": missing},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return _detail(request, assessment_id, member)

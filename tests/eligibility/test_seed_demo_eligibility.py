"""`make run`'s demo eligibility: clinical data through the real imports, two evaluations."""

from django.core.management import call_command

from eligibility.models import Determination, EvaluationRun


def test_seed_demo_eligibility_loads_clinical_data_and_evaluates_twice_rerunnable(db, capsys):
    call_command("seed_demo", "--members", "60")
    call_command("seed_demo_eligibility")
    call_command("seed_demo_eligibility")

    output = capsys.readouterr().out
    assert "Demo diagnoses: 0 created" in output  # the second run changes nothing
    runs = list(EvaluationRun.objects.order_by("as_of"))
    assert len(runs) == 2
    assert all(run.status == EvaluationRun.Status.SUCCEEDED for run in runs)
    assert (runs[1].as_of - runs[0].as_of).days == 30
    assert runs[1].previous_run == runs[0]
    assert runs[1].members_evaluated == 60
    assert Determination.objects.filter(run=runs[1], status="eligible").exists()

from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "pramoen.evaluation"
    label = "evaluation"
    verbose_name = "การประเมินผล"

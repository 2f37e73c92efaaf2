from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "pramoen.appraisal"
    label = "appraisal"
    verbose_name = "Appraisal"

    def ready(self) -> None:
        # the appraisal's steps read as sentences in the evaluation's history and the inbox
        from pramoen.evaluation import history_text
        from pramoen.notifications import text

        from . import sentences

        history_text.SENTENCES.update(sentences.HISTORY)
        text.SENTENCES.update(sentences.NOTIFICATIONS)

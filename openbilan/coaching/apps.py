from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "openbilan.coaching"
    label = "coaching"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete

        from openbilan.coaching.models import Attachment

        def delete_file(sender, instance, **kwargs):
            """An attachment's file goes with its row (erasure, retention purge), once the deletion is committed."""
            if instance.file:
                storage, name = instance.file.storage, instance.file.name
                transaction.on_commit(lambda: storage.delete(name))

        post_delete.connect(delete_file, sender=Attachment, dispatch_uid="coaching_attachment_file")

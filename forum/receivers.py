"""Signal receivers: auto-subscription, notifications, trust after approval, the
moderators' rows following a forum's region."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from machina.apps.forum_conversation.models import Post

from forum_extras.models import ForumSettings

from . import services


@receiver(pre_save, sender=Post)
def remember_previous_approval(sender, instance, **kwargs):
    if instance.pk:
        instance._was_approved = (
            Post.objects.filter(pk=instance.pk).values_list("approved", flat=True).first()
        )
    else:
        instance._was_approved = None


@receiver(post_save, sender=Post)
def post_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    post = instance
    if created and post.poster_id:
        # Authors follow the topics they start or reply in.
        services.subscribe_topic(post.poster, post.topic)
    newly_visible = post.approved and (created or post._was_approved is False)
    if not newly_visible:
        return
    if not created:
        # A moderator approved it: its author no longer needs pre-moderation.
        services.trust_after_approval(post)
    if services.notifications_active():
        # Queued in the post's own transaction: the letters exist exactly when it does.
        services.notify_subscribers(post)


@receiver(post_save, sender=ForumSettings)
def forum_settings_saved(sender, instance, raw=False, **kwargs):
    """A forum given another kind or region: machina's rows follow (setup), so its
    own forms agree with home.permissions, which decides who moderates."""
    if not raw:
        from .setup import apply_permissions

        apply_permissions()

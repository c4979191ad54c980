"""Our forum views: subclasses of machina's where we add behaviour, plus the
pages machina lacks (forum subscriptions, unsubscribe by link, reports and their
queue, accepted answers).

machina's own URL patterns stay in place; forum/urls.py mounts these subclasses
at the very same paths ahead of machina's, so `{% url 'forum_conversation:…' %}`
keeps working and resolves to our code.
"""

import os
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms.models import modelformset_factory
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, RedirectView

from machina.apps.forum.models import Forum
from machina.apps.forum.views import ForumView as MachinaForumView
from machina.apps.forum.views import IndexView as MachinaIndexView
from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.apps.forum_conversation import views as machina_views
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm,
    BaseAttachmentFormset,
)
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as MachinaAttachmentView,
)
from machina.apps.forum_conversation.forum_polls.forms import (
    BaseTopicPollOptionFormset,
    TopicPollOptionForm,
)
from machina.apps.forum_conversation.forum_polls.models import TopicPollOption
from machina.apps.forum_conversation.models import Post, Topic
from machina.conf import settings as machina_settings

from forum_extras.models import ForumSettings, ForumSubscription, PostReport, TopicSolution
from home.formsets import OwnedObjectsFormsetMixin
from home.page_cache import CONTENT, FORUM
from home.private_files import send_file
from home.uploads import check_content

from . import services, view_counts


class PortalAttachmentForm(AttachmentForm):
    """machina's attachment form with an allowlist of types, a size limit and the
    content checked against the extension (home.uploads)."""

    # The stored name is machina/attachments/<random>/<name>, at most 100 characters
    # (machina's column): a longer name is shortened here rather than refused.
    NAME_MAX = 56

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_length = None
        # The file has no public address (home.private_files): no "currently" link.
        self.fields["file"].widget = forms.FileInput()
        # machina's «Comment» reads «Оставить комментарий» in Russian: it is the file's caption.
        self.fields["file"].label = _("Файл")
        self.fields["comment"].label = _("Подпись к файлу")
        self.fields["comment"].help_text = _("Например: «Образец договора с добровольцем».")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # none, or the attachment's file kept as it is
        root, extension = os.path.splitext(upload.name)
        if len(upload.name) > self.NAME_MAX:
            upload.name = root[: self.NAME_MAX - len(extension[:12])] + extension[:12]
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        allowed = settings.FORUM_ATTACHMENT_EXTENSIONS
        if extension not in allowed:
            raise forms.ValidationError(
                _("Файлы этого типа прикладывать нельзя. Разрешены: %(types)s.")
                % {"types": ", ".join(allowed)}
            )
        limit = settings.FORUM_ATTACHMENT_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("Файл слишком большой: %(size).1f МБ, допускается не больше %(limit).0f МБ.")
                % {"size": upload.size / 1024 / 1024, "limit": limit / 1024 / 1024}
            )
        check_content(upload)  # HTML named .pdf, SVG named .png, image bombs
        return upload


class OwnedAttachmentFormset(OwnedObjectsFormsetMixin, BaseAttachmentFormset):
    """Only the attachments of the post being edited (none for a new post)."""

    foreign_object_message = gettext_lazy(
        "Этот файл не относится к сообщению. Обновите страницу и приложите файлы снова."
    )


class OwnedPollOptionFormset(OwnedObjectsFormsetMixin, BaseTopicPollOptionFormset):
    """Only the options of the topic's own poll (none for a new topic)."""

    foreign_object_message = gettext_lazy(
        "Этот вариант ответа не относится к опросу темы. Обновите страницу и попробуйте снова."
    )


PortalAttachmentFormset = modelformset_factory(
    Attachment,
    PortalAttachmentForm,
    formset=OwnedAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)


PortalPollOptionFormset = modelformset_factory(
    TopicPollOption,
    TopicPollOptionForm,
    formset=OwnedPollOptionFormset,
    can_delete=True,
    extra=2,
    max_num=machina_settings.POLL_MAX_OPTIONS_PER_POLL,
    validate_max=True,
)


class PortalPostFormMixin:
    """Attachment checks and the rate limit for new members, on every post form.

    machina builds the attachment formset on POST without a queryset, so every
    attachment of the site could be named by id: ours always gets the post's own
    (a new post has none). Who may edit the post is machina's check on the view.
    """

    attachment_formset_class = PortalAttachmentFormset
    attachment_formset_general_error_message = gettext_lazy(
        "Проверьте приложенные файлы: некоторые из них нельзя принять."
    )

    # One notice after posting, not «опубликовано» and «будет проверено» together.
    approval_required_message = gettext_lazy(
        "Сообщение будет проверено модератором и появится на форуме после одобрения; "
        "пока его видите только вы."
    )

    @property
    def success_message(self):
        post = getattr(self, "forum_post", None)
        if post is not None and not post.approved:
            # Django's messages drop an empty message: only the approval notice stays.
            return ""
        if self.get_post() is not None:
            return gettext_lazy("Изменения сохранены.")
        return gettext_lazy("Сообщение опубликовано.")

    def form_valid(self, post_form, attachment_formset, *args, **kwargs):
        if not self.preview and self.get_post() is None:
            try:
                services.check_rate_limit(self.request.user)
            except services.ForumActionRefused as refusal:
                post_form.add_error(None, str(refusal))
                return self.form_invalid(post_form, attachment_formset, *args, **kwargs)
        return super().form_valid(post_form, attachment_formset, *args, **kwargs)

    def get_attachment_formset_kwargs(self):
        kwargs = super().get_attachment_formset_kwargs()
        post = self.get_post()
        kwargs["queryset"] = (
            Attachment.objects.filter(post=post) if post is not None else Attachment.objects.none()
        )
        return kwargs


class PortalPollFormMixin:
    """The poll option formset of topic forms, limited to the topic's own options."""

    poll_option_formset_class = PortalPollOptionFormset

    def get_poll_option_formset_kwargs(self):
        kwargs = super().get_poll_option_formset_kwargs()
        topic = self.get_topic()  # None on «new topic»
        kwargs["queryset"] = (
            TopicPollOption.objects.filter(poll__topic=topic)
            if topic is not None
            else TopicPollOption.objects.none()
        )
        return kwargs


class ForumAreasMixin:
    """The forum's pages show forum and site content (navigation) only: a
    registration leaves them in the page cache (home.page_cache)."""

    def dispatch(self, request, *args, **kwargs):
        request.page_cache_areas = (CONTENT, FORUM)
        return super().dispatch(request, *args, **kwargs)


class IndexView(ForumAreasMixin, MachinaIndexView):
    """The board's forums, each with its last post, in a fixed number of queries.

    machina follows `last_post` and its poster; the row also links the last
    post's topic and forum, which would otherwise cost two queries per forum.
    """

    def get_queryset(self):
        forums = Forum.objects.select_related("last_post__topic__forum", "last_post__poster")
        return ForumVisibilityContentTree.from_forums(
            self.request.forum_permission_handler.forum_list_filter(forums, self.request.user)
        )


class ForumView(ForumAreasMixin, MachinaForumView):
    """A forum's topics, with the «Решено» mark and the member's forum subscription.

    Mounted by forum/urls.py in place of machina's own.
    """

    def get_queryset(self):
        return super().get_queryset().select_related("solution", "forum")

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not user.is_authenticated:
            return self._anonymous_context_data(**kwargs)
        context = super().get_context_data(**kwargs)
        context["forum_subscribed"] = ForumSubscription.objects.filter(
            user=user, forum=context["forum"]
        ).exists()
        return context

    def _anonymous_context_data(self, **kwargs):
        """machina's context for a visitor who is not logged in (nothing is unread
        for them), with the sub-forums and announcements lazy: the template's
        {% fragment %} blocks that show them are usually kept already."""
        context = ListView.get_context_data(self, **kwargs)
        forum = self.get_forum()
        handler = self.request.forum_permission_handler
        user = self.request.user
        context["forum"] = forum
        # A forum without sub-forums (its tree interval holds no other) asks
        # nothing about the visitor's permissions to list them.
        context["sub_forums"] = SimpleLazyObject(
            lambda: ForumVisibilityContentTree.from_forums(
                []
                if forum.is_leaf_node()
                else handler.forum_list_filter(forum.get_descendants(), user)
            )
        )
        context["announces"] = SimpleLazyObject(
            lambda: list(
                forum.topics.select_related("poster", "last_post", "last_post__poster").filter(
                    type=Topic.TOPIC_ANNOUNCE
                )
            )
        )
        context["unread_topics"] = []
        context["forum_subscribed"] = False
        return context


class TopicView(ForumAreasMixin, machina_views.TopicView):
    """A topic: its posts with members' names, expert marks and the accepted answer."""

    def get_queryset(self):
        # machina shows approved posts only; their author also sees their own
        # posts that wait for a moderator (marked so in post_card.html).
        self.topic = self.get_topic()
        visible = Q(approved=True)
        if self.request.user.is_authenticated:
            visible |= Q(poster=self.request.user)
        return (
            self.topic.posts.filter(visible)
            .select_related("poster", "updated_by", "poster__profile")
            .prefetch_related("attachments", "poster__forum_profile")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = context["topic"]
        user = self.request.user
        handler = self.request.forum_permission_handler
        posts = context["posts"]
        # Lazy: the posts' block is often kept for anonymous visitors ({% fragment %}),
        # and then neither the posts nor their authors' roles are queried.
        context["expert_ids"] = SimpleLazyObject(
            lambda: services.expert_ids({p.poster_id for p in posts if p.poster_id})
        )
        context["is_consultation"] = ForumSettings.objects.filter(
            forum_id=topic.forum_id, kind=ForumSettings.Kind.CONSULTATIONS
        ).exists()
        solution = (
            TopicSolution.objects.filter(topic=topic, post__approved=True)
            .select_related("post__poster__profile")
            .first()
        )
        context["solution"] = solution
        context["can_mark_solution"] = context["is_consultation"] and services.can_mark_solution(
            user, topic, handler
        )
        context["can_reply"] = topic.approved and handler.can_add_post(topic, user)
        # The stored count and the views still buffered in the cache (view_counts).
        buffered = view_counts.buffered_views([topic.pk])
        context["views_count"] = topic.views_count + buffered.get(topic.pk, 0)
        return context


class TopicCreateView(PortalPollFormMixin, PortalPostFormMixin, machina_views.TopicCreateView):
    pass


class TopicUpdateView(PortalPollFormMixin, PortalPostFormMixin, machina_views.TopicUpdateView):
    pass


class PostUpdateView(PortalPostFormMixin, machina_views.PostUpdateView):
    pass


class PostCreateView(PortalPostFormMixin, machina_views.PostCreateView):
    """A reply; `?quote=<post id>` starts it with that post quoted."""

    def get_post_form_kwargs(self):
        kwargs = super().get_post_form_kwargs()
        quoted_id = self.request.GET.get("quote", "")
        if self.request.method == "GET" and quoted_id.isdigit():
            quoted = Post.approved_objects.filter(pk=quoted_id, topic=self.get_topic()).first()
            if quoted is not None:
                kwargs["initial"] = {"content": services.quote_markdown(quoted)}
        return kwargs


class AttachmentView(MachinaAttachmentView):
    """Download of an attachment after machina's forum rights check: the file lives
    under PRIVATE_MEDIA_ROOT (no public URL) and goes out through the proxy when there
    is one (home.private_files), with a Cyrillic-safe name (RFC 6266 filename*)."""

    def render_to_response(self, context, **response_kwargs):
        attachment = self.object
        try:
            path = attachment.file.path
        except (ValueError, NotImplementedError) as error:
            raise Http404 from error
        return send_file(path, os.path.basename(attachment.file.name))


class ProfileRedirectView(RedirectView):
    """machina's forum profile → the portal's one member page."""

    def get_redirect_url(self, *args, **kwargs):
        if kwargs["pk"] == "edit":
            return reverse("accounts:profile_edit")
        if not str(kwargs["pk"]).isdigit():
            raise Http404
        return reverse("accounts:profile", kwargs={"pk": kwargs["pk"]})


class SiteSearchRedirectView(RedirectView):
    """machina's haystack search is not used: the portal's site search indexes posts."""

    def get_redirect_url(self, *args, **kwargs):
        query = self.request.GET.get("q", "")
        return f"/search/?{urlencode({'q': query, 'kind': 'topic'})}"


# Pages machina lacks -----------------------------------------------------------


def _readable_topic(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("forum"), pk=pk, approved=True)
    if not request.forum_permission_handler.can_read_forum(topic.forum, request.user):
        raise PermissionDenied
    return topic


class ForumSubscriptionView(LoginRequiredMixin, View):
    """POST: follow (or stop following) every new post of a forum."""

    def post(self, request, pk):
        forum = get_object_or_404(Forum, pk=pk, type=Forum.FORUM_POST)
        if not request.forum_permission_handler.can_read_forum(forum, request.user):
            raise PermissionDenied
        if request.POST.get("action") == "unsubscribe":
            services.unsubscribe_forum(request.user, forum)
            messages.success(request, _("Вы больше не получаете письма о новых сообщениях форума."))
        else:
            services.subscribe_forum(request.user, forum)
            messages.success(request, _("Вы будете получать письма о новых сообщениях форума."))
        return redirect("forum:forum", slug=forum.slug, pk=forum.pk)


class UnsubscribeView(View):
    """The link in every notification: works without logging in."""

    template_name = "forum_extras/unsubscribe.html"

    def get(self, request, token):
        return render(request, self.template_name, {"token": token})

    def post(self, request, token):
        try:
            kind, target = services.unsubscribe_by_token(token)
        except services.ForumActionRefused as refusal:
            return render(
                request, self.template_name, {"token": token, "error": str(refusal)}, status=400
            )
        return render(request, self.template_name, {"done": True, "kind": kind, "target": target})


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Что не так с этим сообщением?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Опишите, что не так с сообщением.")},
    )


class PostReportView(LoginRequiredMixin, View):
    template_name = "forum_extras/report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.post_obj = get_object_or_404(
                Post.objects.select_related("topic__forum", "poster"), pk=kwargs["pk"]
            )
            topic = _readable_topic(request, self.post_obj.topic_id)
            if not self.post_obj.approved:
                raise Http404
            self.topic = topic
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self._render(ReportForm())

    def post(self, request, pk):
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_post(self.post_obj, request.user, form.cleaned_data["reason"])
            except services.ForumActionRefused as refusal:
                form.add_error("reason", str(refusal))
            else:
                messages.success(request, _("Спасибо! Модераторы форума проверят сообщение."))
                return HttpResponseRedirect(services.topic_url(self.topic, self.post_obj))
        return self._render(form, status=400)

    def _render(self, form, status=200):
        context = {
            "form": form,
            "reported": self.post_obj,
            "topic": self.topic,
            "forum": self.topic.forum,
        }
        return render(self.request, self.template_name, context, status=status)


class ReportQueueView(LoginRequiredMixin, View):
    """Open reports in the forums the moderator moderates; POST resolves one."""

    template_name = "forum_extras/report_queue.html"

    def get(self, request):
        handler = request.forum_permission_handler
        if not handler.can_access_moderation_queue(request.user):
            raise PermissionDenied
        reports = list(services.reports_for(request.user, handler))
        return render(request, self.template_name, {"reports": reports})

    def post(self, request):
        handler = request.forum_permission_handler
        report_id = request.POST.get("report", "")
        report = get_object_or_404(
            PostReport.objects.select_related("post__topic__forum"),
            pk=int(report_id) if report_id.isdigit() else 0,
            resolved_at__isnull=True,
        )
        if not handler.can_approve_posts(report.post.topic.forum, request.user):
            raise PermissionDenied
        services.resolve_report(report, request.user)
        messages.success(request, _("Жалоба рассмотрена и убрана из очереди."))
        return redirect("forum:report_queue")


class MarkSolutionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        post = get_object_or_404(Post.objects.select_related("topic__forum"), pk=pk)
        _readable_topic(request, post.topic_id)
        try:
            services.mark_solution(post, request.user)
        except services.ForumActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Ответ отмечен как решение."))
        return HttpResponseRedirect(services.topic_url(post.topic, post))

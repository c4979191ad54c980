"""Distance-learning courses of the programme.

The tree: /courses/ is the one `CourseIndexPage` (made by `manage.py
setup_courses`); a `CoursePage` sits under it or under a region's hub (it then
belongs to that region); its ordered `CourseModulePage` children hold
`LessonPage` children. A module may carry an assignment; the course carries a
final work agreed with the learner's organisation leadership.

Learning records are plain models: `Enrolment`, `LessonView` (progress),
`Submission` with its private `SubmissionFile`s, and `Certificate`. Every
change of them goes through `courses.services`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.models import KnownRestrictionsMixin, Region

from .storage import private_storage


class Audience(models.TextChoices):
    NGO = "ngo", _("специалисты СО НКО")
    STATE = "state", _("специалисты ГУ/МУ")
    VOLUNTEERS = "volunteers", _("добровольцы")
    ORGANISERS = "organisers", _("организаторы")


class LatePolicy(models.TextChoices):
    MARK = "mark", _("принимать, отмечая опоздание")
    REFUSE = "refuse", _("не принимать после срока")


class AnswerMode(models.TextChoices):
    TEXT = "text", _("текст")
    FILES = "files", _("файлы")
    BOTH = "both", _("текст и/или файлы")


# --- blocks of a lesson ---------------------------------------------------------


class VideoBlock(blocks.StructBlock):
    """A video by its embed address (Rutube, VK Видео) or a direct .mp4/.webm file.

    Rendered locally as an iframe or a <video>; no oEmbed request leaves the server.
    """

    url = blocks.URLBlock(
        label=_("Адрес видео"),
        help_text=_("Ссылка для встраивания (Rutube, VK Видео) или на файл .mp4/.webm"),
    )
    title = blocks.CharBlock(label=_("Название"), required=False)

    class Meta:
        icon = "media"
        label = _("Видео")
        template = "courses/blocks/video_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = (value.get("url") or "").lower().split("?")[0]
        context["is_file"] = url.endswith((".mp4", ".webm", ".ogv"))
        return context


class DocumentItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Документ"))
    title = blocks.CharBlock(label=_("Подпись"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Документ для скачивания")
        template = "courses/blocks/document_block.html"


class MaterialLinkBlock(blocks.StructBlock):
    material = blocks.PageChooserBlock(
        label=_("Материал библиотеки"), page_type=["practices.MethodMaterialPage"]
    )
    note = blocks.CharBlock(label=_("Комментарий"), required=False)

    class Meta:
        icon = "link"
        label = _("Материал из библиотеки")
        template = "courses/blocks/material_block.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Подзаголовок"), form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Текст"), features=["bold", "italic", "ol", "ul", "link", "document-link"]
    )
    video = VideoBlock()
    document = DocumentItemBlock()
    material = MaterialLinkBlock()

    class Meta:
        template = "courses/blocks/lesson_stream.html"


# --- pages ---------------------------------------------------------------------


class CourseIndexPage(KnownRestrictionsMixin, Page):
    """The listing of all courses at /courses/, with the audience filter.

    It lists every live CoursePage of the site, under it or under a region hub.
    """

    intro = RichTextField(_("вступление"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("список курсов")
        verbose_name_plural = _("списки курсов")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.live().public().select_related("region").order_by("title")
        audience = request.GET.get("audience", "")
        if audience in Audience.values:
            courses = courses.filter(audience=audience)
        else:
            audience = ""
        context["courses"] = list(courses)
        context["audience"] = audience
        context["audiences"] = Audience.choices
        return context


class CoursePage(KnownRestrictionsMixin, Page):
    """A course: its description, modules (children) and final work.

    POST on the page enrols the member (action=enrol) or submits the final work
    (action=final); both go through `courses.services`.
    """

    audience = models.CharField(_("для кого"), max_length=20, choices=Audience.choices)
    summary = models.TextField(
        _("кратко"), max_length=400, blank=True, help_text=_("Одно-два предложения для списка")
    )
    description = RichTextField(_("описание"), blank=True)
    duration = models.CharField(
        _("продолжительность"),
        max_length=100,
        blank=True,
        help_text=_("Например: «6 недель, 36 часов»"),
    )
    tutors = models.TextField(
        _("тьюторы"),
        blank=True,
        help_text=_(
            "Имена и должности для страницы курса. Проверять задания могут участники "
            "группы «Тьюторы — <курс>» (Настройки → Группы)."
        ),
    )
    enrolment_open = models.BooleanField(_("запись открыта"), default=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("регион"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text=_("Для курсов в разделе региона заполняется автоматически; пусто — для всех"),
    )
    late_policy = models.CharField(
        _("задания после срока"),
        max_length=10,
        choices=LatePolicy.choices,
        default=LatePolicy.MARK,
    )
    final_work_task = RichTextField(
        _("итоговая работа: задание"),
        blank=True,
        help_text=_("Пусто — курс без итоговой работы"),
    )
    final_work_due = models.DateTimeField(_("итоговая работа: срок"), null=True, blank=True)
    tutors_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("группа тьюторов"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="tutored_course",
    )

    content_panels = Page.content_panels + [
        FieldPanel("audience"),
        FieldPanel("region"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("enrolment_open")]),
        FieldPanel("tutors"),
        FieldPanel("late_policy"),
        MultiFieldPanel(
            [FieldPanel("final_work_task"), FieldPanel("final_work_due")],
            heading=_("Итоговая работа"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["courses.CourseIndexPage", "home.RegionPage"]
    subpage_types = ["courses.CourseModulePage"]

    class Meta:
        verbose_name = _("курс")
        verbose_name_plural = _("курсы")

    @property
    def has_final_work(self):
        return bool(self.final_work_task)

    def modules(self):
        return CourseModulePage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from .progress import course_progress

        context = super().get_context(request, *args, **kwargs)
        context.update(course_progress(self, request.user))
        context.setdefault("final_form", None)
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from . import views

            return views.course_post(request, self)
        return super().serve(request, *args, **kwargs)


class CourseModulePage(KnownRestrictionsMixin, Page):
    """A module of a course: its lessons (children) and an optional assignment."""

    intro = RichTextField(_("о модуле"), blank=True, features=["bold", "italic", "link", "ul"])
    has_assignment = models.BooleanField(_("есть задание"), default=False)
    assignment_task = RichTextField(_("задание"), blank=True)
    assignment_due = models.DateTimeField(_("срок сдачи"), null=True, blank=True)
    answer_mode = models.CharField(
        _("ответ"), max_length=10, choices=AnswerMode.choices, default=AnswerMode.BOTH
    )
    assignment_required = models.BooleanField(
        _("обязательное задание"),
        default=True,
        help_text=_("Без принятых обязательных заданий сертификат не выдаётся"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("has_assignment"),
                FieldPanel("assignment_task"),
                FieldRowPanel([FieldPanel("assignment_due"), FieldPanel("answer_mode")]),
                FieldPanel("assignment_required"),
            ],
            heading=_("Задание модуля"),
        ),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("модуль курса")
        verbose_name_plural = _("модули курса")

    def course(self):
        return CoursePage.objects.parent_of(self).select_related("region").first()

    def get_context(self, request, *args, **kwargs):
        from .progress import module_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(self, request.user))
        context.setdefault("form", None)
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from . import views

            return views.module_post(request, self)
        return super().serve(request, *args, **kwargs)


class LessonPage(KnownRestrictionsMixin, Page):
    """A lesson: text, video, documents and materials of the library.

    Open to the course's learners, its tutors and editors; viewing records progress.
    """

    body = StreamField(LessonStreamBlock(), verbose_name=_("содержание"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["courses.CourseModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("урок")
        verbose_name_plural = _("уроки")

    def get_context(self, request, *args, **kwargs):
        from .progress import lesson_context

        context = super().get_context(request, *args, **kwargs)
        lesson = getattr(request, "_course_lesson_context", None)
        context.update(lesson or lesson_context(self, request.user, record=False))
        return context

    def serve(self, request, *args, **kwargs):
        from .progress import lesson_context

        context = lesson_context(self, request.user, record=True)
        if not context["can_view"]:
            # The lesson exists for everyone (title, course, how to get in); its
            # content is for the course's learners and tutors only.
            return TemplateResponse(
                request, "courses/lesson_locked.html", {"page": self, "self": self, **context}
            )
        request._course_lesson_context = context
        return super().serve(request, *args, **kwargs)

    def search_document(self):
        """For the site search: the lesson's title and course, never its content."""
        course = CoursePage.objects.filter(path=self.path[: -2 * self.steplen]).first()
        return {
            "kind": "page",
            "title": self.title,
            "summary": _("Урок курса «%(course)s»") % {"course": course.title} if course else "",
            "body": "",
            "region": course.region if course else None,
            "target_groups": [],
            "date": self.last_published_at,
        }


# --- learning records ----------------------------------------------------------


class Enrolment(models.Model):
    course = models.ForeignKey(
        CoursePage, verbose_name=_("курс"), on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("слушатель"),
        on_delete=models.CASCADE,
        related_name="course_enrolments",
    )
    created_at = models.DateTimeField(_("записан(а)"), default=timezone.now)

    class Meta:
        verbose_name = _("запись на курс")
        verbose_name_plural = _("записи на курсы")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="courses_one_enrolment")
        ]

    def __str__(self):
        return f"{self.user} — {self.course}"


class LessonView(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="views")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="views")
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("просмотр урока")
        verbose_name_plural = _("просмотры уроков")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="courses_one_view")
        ]


class Submission(models.Model):
    """One attempt at a module's assignment (module set) or at the final work.

    A returned attempt stays as history; the learner then submits a new one.
    """

    # home.permissions: an answer belongs to its course's region (which follows the tree).
    region_field = "enrolment__course__region"

    @property
    def region_id(self):
        return self.enrolment.course.region_id

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("на проверке")
        ACCEPTED = "accepted", _("принято")
        RETURNED = "returned", _("на доработку")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("запись"), on_delete=models.CASCADE, related_name="submissions"
    )
    module = models.ForeignKey(
        CourseModulePage,
        verbose_name=_("модуль"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="submissions",
        help_text=_("Пусто — итоговая работа"),
    )
    text = models.TextField(_("ответ"), blank=True)
    agreed_by_name = models.CharField(_("согласовано: ФИО"), max_length=200, blank=True)
    agreed_by_position = models.CharField(_("согласовано: должность"), max_length=200, blank=True)
    status = models.CharField(
        _("статус"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    is_late = models.BooleanField(_("после срока"), default=False)
    submitted_at = models.DateTimeField(_("отправлено"), default=timezone.now)
    tutor_comment = models.TextField(_("комментарий тьютора"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("проверил(а)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ на задание")
        verbose_name_plural = _("ответы на задания")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # At most one attempt awaiting review per assignment (and per final work).
            models.UniqueConstraint(
                fields=["enrolment", "module"],
                condition=models.Q(status="submitted"),
                name="courses_one_pending_per_module",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="submitted", module__isnull=True),
                name="courses_one_pending_final",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment.user} — {self.title}"

    @property
    def is_final(self):
        return self.module_id is None

    @property
    def title(self):
        return self.module.title if self.module_id else str(_("Итоговая работа"))


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("файл"), storage=private_storage, upload_to="submissions/%Y/%m/", max_length=255
    )
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер"), default=0)

    class Meta:
        verbose_name = _("файл ответа")
        verbose_name_plural = _("файлы ответов")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("courses:file", args=[self.pk])


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_certificate_code():
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "DS-" + "-".join(groups)


class Certificate(models.Model):
    """Issued once per enrolment; name and course are kept as they were at issue."""

    # home.permissions: a certificate belongs to its course's region (which follows the tree).
    region_field = "enrolment__course__region"

    @property
    def region_id(self):
        return self.enrolment.course.region_id

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("запись"), on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("номер"), max_length=20, unique=True, default=new_certificate_code)
    full_name = models.CharField(_("слушатель"), max_length=200)
    course_title = models.CharField(_("курс"), max_length=255)
    issued_at = models.DateTimeField(_("выдан"), default=timezone.now)

    class Meta:
        verbose_name = _("сертификат")
        verbose_name_plural = _("сертификаты")

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("courses:certificate", args=[self.code])

    def pdf_url(self):
        return reverse("courses:certificate_pdf", args=[self.code])

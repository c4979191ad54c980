"""«Скачать мои данные»: everything the portal holds about one member, as a ZIP.

The archive has one JSON file per kind of data, a readable `index.html` and the
member's own files (avatar, course answer files, forum attachments) under
`files/`. Only rows that belong to the member are read: by their account, and
event registrations also by the account's (confirmed) address, the cabinet's rule.

The ZIP is written as it is sent (`stream()`): the data rows are gathered first
(one member's rows, small), the files are copied in 64 KB pieces, so memory
stays bounded whatever the size of the files.
"""

import json
import os
import re
import zipfile

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Consent, Profile

CHUNK = 64 * 1024
UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_name(name, fallback="file"):
    """A file name safe inside the archive: no folders, no odd characters, short."""
    base = os.path.basename(str(name).replace("\\", "/")).strip()
    base = UNSAFE_NAME.sub("_", base).strip(". ") or fallback
    stem, ext = os.path.splitext(base)
    return stem[:80] + ext[:12]


def _when(moment):
    return moment.isoformat() if moment else None


def _address_matches(address, email):
    """True when a recipient («Name <a@b>» or «a@b») is exactly this address."""
    match = re.search(r"<([^>]+)>", address)
    return (match.group(1) if match else address).strip().lower() == email


class Export:
    """One member's data: `sections` (name -> JSON-ready rows) and `files`
    (archive name -> (storage, stored name))."""

    def __init__(self, user):
        self.user = user
        self.files = {}
        self.sections = {}
        self._gather()
        # Rendered now, in the request's language: the archive is written later,
        # while the response is read.
        self.index = self.index_html()

    def _add_file(self, folder, name, field_file):
        if not field_file or not field_file.name:
            return None
        storage = field_file.storage
        try:
            if not storage.exists(field_file.name):
                return None
        except (OSError, ValueError):  # a name outside the storage's root
            return None
        archive_name = f"files/{folder}/{safe_name(name)}"
        stem, ext = os.path.splitext(archive_name)
        number = 2
        while archive_name in self.files:
            archive_name = f"{stem}-{number}{ext}"
            number += 1
        self.files[archive_name] = (storage, field_file.name)
        return archive_name

    def _gather(self):
        self.sections["profile"] = self._profile()
        self.sections["consents"] = self._consents()
        self.sections["registrations"] = self._registrations()
        self.sections["courses"] = self._courses()
        self.sections["forum"] = self._forum()
        self.sections["organisation"] = self._organisation()
        self.sections["surveys"] = self._surveys()
        self.sections["letters"] = self._letters()

    def _profile(self):
        user = self.user
        data = {
            "email": user.email,
            "login": user.get_username(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        }
        profile = Profile.objects.filter(user=user).select_related("region").first()
        if profile is not None:
            data.update(
                {
                    "display_name": profile.display_name,
                    "organisation": profile.organisation,
                    "organisation_type": profile.get_organisation_type_display(),
                    "region": profile.region.name if profile.region else None,
                    "role": profile.get_role_display(),
                    "bio": profile.bio,
                    "show_in_directory": profile.show_in_directory,
                    "email_confirmed_at": _when(profile.email_confirmed_at),
                    "created": _when(profile.created),
                    "avatar": self._add_file("avatar", profile.avatar.name, profile.avatar),
                }
            )
        return data

    def _consents(self):
        return [
            {
                "kind": consent.get_kind_display(),
                "version": consent.version,
                "about": consent.about,
                "given_at": _when(consent.given_at),
                "withdrawn_at": _when(consent.withdrawn_at),
                "ip_address": consent.ip_address,
            }
            for consent in Consent.objects.filter(user=self.user).order_by("given_at", "pk")
        ]

    def _registrations(self):
        from . import consents

        rows = []
        for registration in consents.member_registrations(self.user).order_by("created_at"):
            rows.append(
                {
                    "event": registration.event.title,
                    "event_start": _when(registration.event.start),
                    "event_end": _when(registration.event.end),
                    "status": registration.get_status_display(),
                    "name": registration.name,
                    "email": registration.email,
                    "phone": registration.phone,
                    "answers": registration.answers,
                    "created_at": _when(registration.created_at),
                    "email_confirmed_at": _when(registration.email_confirmed_at),
                    "checked_in_at": _when(registration.checked_in_at),
                    "consent_processing": [
                        registration.consent_processing_version,
                        _when(registration.consent_processing_at),
                    ],
                    "consent_listing": [
                        registration.consent_listing_version,
                        _when(registration.consent_listing_at),
                    ],
                    "consent_photo": [
                        registration.consent_photo_version,
                        _when(registration.consent_photo_at),
                    ],
                    "attendance_certificate": self._attendance_certificate(registration),
                }
            )
        return rows

    def _attendance_certificate(self, registration):
        certificate = getattr(registration, "attendance_certificate", None)
        if certificate is None:
            return None
        return {
            "code": certificate.code,
            "full_name": certificate.full_name,
            "event": certificate.event_title,
            "issued_at": _when(certificate.issued_at),
        }

    def _courses(self):
        from courses.models import Certificate, Enrolment, Submission, SubmissionFile

        enrolments = list(
            Enrolment.objects.filter(user=self.user).select_related("course").order_by("pk")
        )
        submissions = {}
        for submission in (
            Submission.objects.filter(enrolment__user=self.user)
            .select_related("module")
            .order_by("submitted_at", "pk")
        ):
            submissions.setdefault(submission.enrolment_id, []).append(submission)
        files = {}
        for item in SubmissionFile.objects.filter(submission__enrolment__user=self.user).order_by(
            "pk"
        ):
            files.setdefault(item.submission_id, []).append(item)
        certificates = {
            certificate.enrolment_id: certificate
            for certificate in Certificate.objects.filter(enrolment__user=self.user)
        }
        rows = []
        for enrolment in enrolments:
            certificate = certificates.get(enrolment.pk)
            rows.append(
                {
                    "course": enrolment.course.title,
                    "enrolled_at": _when(enrolment.created_at),
                    "lessons_viewed": enrolment.views.count(),
                    "answers": [
                        {
                            "assignment": submission.title,
                            "text": submission.text,
                            "agreed_by_name": submission.agreed_by_name,
                            "agreed_by_position": submission.agreed_by_position,
                            "status": submission.get_status_display(),
                            "is_late": submission.is_late,
                            "submitted_at": _when(submission.submitted_at),
                            "tutor_comment": submission.tutor_comment,
                            "reviewed_at": _when(submission.reviewed_at),
                            "files": [
                                {
                                    "name": item.original_name,
                                    "size": item.size,
                                    "in_archive": self._add_file(
                                        f"answers/{submission.pk}", item.original_name, item.file
                                    ),
                                }
                                for item in files.get(submission.pk, [])
                            ],
                        }
                        for submission in submissions.get(enrolment.pk, [])
                    ],
                    "certificate": (
                        {
                            "code": certificate.code,
                            "full_name": certificate.full_name,
                            "course": certificate.course_title,
                            "issued_at": _when(certificate.issued_at),
                        }
                        if certificate
                        else None
                    ),
                }
            )
        return rows

    def _forum(self):
        from machina.apps.forum_conversation.forum_attachments.models import Attachment
        from machina.apps.forum_conversation.models import Post, Topic

        from forum_extras.models import ForumSubscription, PostReport

        attachments = {}
        for attachment in Attachment.objects.filter(post__poster=self.user).order_by("pk"):
            attachments.setdefault(attachment.post_id, []).append(attachment)
        posts = []
        for post in (
            Post.objects.filter(poster=self.user)
            .select_related("topic", "topic__forum")
            .order_by("created", "pk")
        ):
            posts.append(
                {
                    "forum": post.topic.forum.name,
                    "topic": post.topic.subject,
                    "subject": post.subject,
                    "content": post.content.raw,
                    "created": _when(post.created),
                    "updated": _when(post.updated),
                    "approved": post.approved,
                    "attachments": [
                        {
                            "name": os.path.basename(attachment.file.name),
                            "comment": attachment.comment or "",
                            "in_archive": self._add_file(
                                f"attachments/{post.pk}",
                                os.path.basename(attachment.file.name),
                                attachment.file,
                            ),
                        }
                        for attachment in attachments.get(post.pk, [])
                    ],
                }
            )
        return {
            "posts": posts,
            "topic_subscriptions": [
                topic.subject
                for topic in Topic.objects.filter(subscribers=self.user).order_by("subject")
            ],
            "forum_subscriptions": [
                {"forum": row.forum.name, "since": _when(row.created)}
                for row in ForumSubscription.objects.filter(user=self.user).select_related("forum")
            ],
            # Reports the member sent about posts (their words, not the post's).
            "reports": [
                {
                    "topic": report.post.topic.subject,
                    "reason": report.reason,
                    "created": _when(report.created),
                    "resolved_at": _when(report.resolved_at),
                }
                for report in PostReport.objects.filter(reporter=self.user)
                .select_related("post__topic")
                .order_by("created")
            ],
        }

    def _organisation(self):
        from organisations.models import Membership

        membership = (
            Membership.objects.filter(user=self.user).select_related("organisation").first()
        )
        if membership is None:
            return None
        return {
            "organisation": membership.organisation.name,
            "is_representative": membership.is_representative,
            "since": _when(membership.since),
        }

    def _surveys(self):
        from results.models import SurveyResponse

        return [
            {
                "survey": response.survey.title,
                "answers": response.answers,
                "submitted_at": _when(response.submitted_at),
            }
            for response in SurveyResponse.objects.filter(user=self.user)
            .select_related("survey")
            .order_by("submitted_at")
        ]

    def _letters(self):
        """Letters in the outbox addressed to the member's address (exactly: the
        database narrows by substring, each recipient is then compared whole)."""
        from background.models import Letter

        email = (self.user.email or "").strip().lower()
        if not email:
            return []
        rows = []
        for letter in Letter.objects.filter(to__icontains=email).order_by("created_at", "pk"):
            if not any(_address_matches(str(address), email) for address in letter.to):
                continue
            rows.append(
                {
                    "subject": letter.subject,
                    "to": [
                        address for address in letter.to if _address_matches(str(address), email)
                    ],
                    "created_at": _when(letter.created_at),
                    "sent_at": _when(letter.sent_at),
                    "status": letter.get_status_display(),
                    "body": letter.body,
                }
            )
        return rows

    # The archive --------------------------------------------------------------

    def index_html(self):
        return render_to_string(
            "accounts/export/index.html",
            {
                "user": self.user,
                "made_at": timezone.localtime(),
                "data": self.sections,
                "files": sorted(self.files),
            },
        )

    def entries(self):
        """(archive name, bytes or an opener) in the order they are written."""
        yield "index.html", self.index.encode()
        for name, rows in self.sections.items():
            content = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            yield f"{name}.json", content.encode()
        yield from self.files.items()


class _Sink:
    """A write-only file for zipfile: it keeps what was written until taken.
    Without `seek`, zipfile writes each entry's sizes after its data."""

    def __init__(self):
        self._parts = []
        self._position = 0

    def write(self, data):
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self):
        return self._position

    @property
    def pending(self):
        return bool(self._parts)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def stream(export):
    """The ZIP archive, in pieces of about CHUNK bytes, written as it is read."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, source in export.entries():
            if isinstance(source, bytes):
                archive.writestr(name, source)
            else:
                storage, stored_name = source
                with storage.open(stored_name, "rb") as handle, archive.open(name, "w") as target:
                    while chunk := handle.read(CHUNK):
                        target.write(chunk)
                        if sink.pending:
                            yield sink.take()
            yield sink.take()
    yield sink.take()


def filename(now=None):
    return f"moi-dannye-{timezone.localtime(now):%Y-%m-%d}.zip"


def exports_per_hour():
    return settings.ACCOUNTS_EXPORTS_PER_HOUR

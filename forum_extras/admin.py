from django.contrib import admin

from .models import ForumSettings, ForumSubscription, PostReport, TopicSolution


@admin.register(ForumSettings)
class ForumSettingsAdmin(admin.ModelAdmin):
    list_display = ["forum", "kind", "region"]
    list_filter = ["kind", "region"]


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created", "resolved_at"]
    list_filter = ["resolved_at"]
    raw_id_fields = ["post", "reporter", "resolved_by"]


admin.site.register(ForumSubscription)
admin.site.register(TopicSolution)

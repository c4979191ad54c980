"""Serializers for the read-only Wagtail API v2 (partner portals take the
library's structured fields from /api/v2/pages/)."""

from rest_framework import serializers


class RegionSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class NamedItemSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    org_type = serializers.CharField()
    org_type_display = serializers.CharField(source="get_org_type_display")
    city = serializers.CharField()
    website = serializers.CharField()
    contacts = serializers.CharField()


class TopicsField(serializers.Field):
    """Tag names, in the order the reader sees them."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class DocumentUrlField(serializers.Field):
    """The public download address of a Wagtail document, absolute when possible."""

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.url
        return request.build_absolute_uri(url) if request else url


class FileSizeField(serializers.Field):
    """The document's size in bytes (None if the file is missing on disk)."""

    def to_representation(self, value):
        return value.get_file_size()

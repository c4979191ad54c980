"""Staff edit forums and their per-group permissions in the Django admin.

Django's admin autodiscovery imports `forum.admin` (our app), not machina's
module, so machina's ForumAdmin (with its permission editor) is registered here.
"""

from machina.apps.forum.admin import ForumAdmin  # noqa: F401 - registers Forum

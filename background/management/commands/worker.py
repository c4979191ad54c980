"""The portal's worker: runs queued tasks and the periodic schedule.

One command for every deployment: `manage.py worker`. With the database backend
(the default) it runs django-tasks-db's worker loop, and a scheduler thread that
enqueues the periodic jobs when they are due. With another backend (Redis/RQ,
Celery…), whose own workers run the tasks, it only runs the scheduler. Start as
many as you like: each task and each job's interval is taken by one of them.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.utils import get_random_id
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from background.schedule import enqueue_due_jobs

logger = logging.getLogger("background.worker")


def _scheduler_loop(every):
    while True:
        try:
            enqueue_due_jobs()
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the scheduler
            logger.exception("Could not enqueue the scheduled jobs")
        finally:
            close_old_connections()
        time.sleep(every)


class Command(BaseCommand):
    help = "Run queued background tasks (letters, indexing) and the periodic jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Enqueue the due periodic jobs, run every ready task, then exit.",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Poll interval (s).")
        parser.add_argument(
            "--schedule-every", type=float, default=15.0, help="Scheduler check interval (s)."
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Run tasks only, no periodic jobs."
        )
        parser.add_argument("--worker-id", default="", help="Unique id (default: random).")

    def handle(self, *, batch, interval, schedule_every, no_schedule, worker_id, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        is_database = isinstance(backend, DatabaseBackend)
        if batch:
            if not no_schedule:
                enqueue_due_jobs()
            if is_database:
                self._worker(backend, interval, True, worker_id).run()
            return
        if not is_database:
            if no_schedule:
                self.stderr.write("Nothing to do: tasks run by the configured backend.")
                return
            self.stdout.write("Scheduler only: tasks are run by the configured backend.")
            _scheduler_loop(schedule_every)
            return
        if not no_schedule:
            threading.Thread(
                target=_scheduler_loop, args=(schedule_every,), daemon=True, name="scheduler"
            ).start()
        worker = self._worker(backend, interval, False, worker_id)
        worker.configure_signals()
        self.stdout.write(f"Worker {worker.worker_id} started.")
        worker.run()

    def _worker(self, backend, interval, batch, worker_id):
        return Worker(
            queue_names=list(backend.queues) or ["default"],
            interval=interval,
            batch=batch,
            backend_name=backend.alias,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id or get_random_id(),
        )

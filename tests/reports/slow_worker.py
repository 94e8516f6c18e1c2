"""A real Celery worker for the fault tests, whose reports take TDKT_TEST_REPORT_SLEEP
seconds longer (so a test can kill it mid-job). Run as ``python -m tests.reports.slow_worker``
with DJANGO_SETTINGS_MODULE, DATABASE_URL and REDIS_URL set; nothing Django is imported
before ``django.setup()``."""

import dataclasses
import os
import time


def main() -> None:
    import django

    django.setup()
    from config.celery import app
    from reports import kinds

    pause = float(os.environ.get("TDKT_TEST_REPORT_SLEEP", "0"))
    if pause:
        report = kinds.get("unit_directory")

        def slow_build(**kwargs):
            time.sleep(pause)
            return report.build(**kwargs)

        kinds._KINDS["unit_directory"] = dataclasses.replace(report, build=slow_build)
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
            "--hostname=tdkt-fault-%h-" + str(os.getpid()),
        ]
    )


if __name__ == "__main__":
    main()

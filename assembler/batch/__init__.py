"""Building plans in supervised worker processes: each template within its time, a dead worker's plan tried again.

Imports only the shared modules; the pipeline hands it the function to run.
"""

from assembler.batch.stopped import describe_stopped, describe_stopped_trial
from assembler.batch.supervisor import (
    Died,
    TimedOut,
    Workers,
    WorkerTraceback,
    default_jobs,
    map_in_order,
    workers_are_forked,
)
from assembler.batch.worker import Step, no_step

Stopped = TimedOut | Died

__all__ = [
    "Died",
    "Step",
    "Stopped",
    "TimedOut",
    "WorkerTraceback",
    "Workers",
    "default_jobs",
    "describe_stopped",
    "describe_stopped_trial",
    "map_in_order",
    "no_step",
    "workers_are_forked",
]

// Public API of @embedding-studio/fine-tuning-tasks.

// Models
export { TASK_PHASES, TASK_STATUSES, TERMINAL_STATUSES } from './lib/model.js';
export type {
  FineTuningTask,
  TaskError,
  TaskLease,
  TaskMetricValue,
  TaskPhase,
  TaskProgress,
  TaskProgressInput,
  TaskStatus,
} from './lib/model.js';

// State machine
export { TASK_TRANSITIONS, canTransition, nextStatuses } from './lib/state-machine.js';
export type { TaskAction, TaskTransition } from './lib/state-machine.js';

// Ports
export type { InsertTaskResult, MethodCatalog, TaskListQuery, TaskLogger, TaskRecord, TaskScheduler, TaskStore } from './lib/ports.js';

// Service
export { createFineTuningTaskService } from './lib/service.js';
export type { ClaimOptions, FailOptions, FineTuningTaskService, FineTuningTaskServiceOptions } from './lib/service.js';

// Input and views
export { TASK_SCHEMAS } from './lib/schemas.js';
export { TASK_INPUT_LIMITS } from './lib/parse.js';
export type { CreateTaskInput, ListTasksQuery, TaskCompletion } from './lib/parse.js';
export type { TaskProgressView, TaskStatusView, TaskView } from './lib/view.js';
export { isTaskId } from './lib/ids.js';

// Errors
export type { FineTuningTasksErrorCode } from './errors.js';
export {
  FINE_TUNING_TASKS_ERROR_CODES,
  TaskContentionError,
  TaskDuplicateIdError,
  TaskInvalidTransitionError,
  TaskLeaseLostError,
  TaskNotFoundError,
  TaskUnknownMethodError,
  TaskValidationError,
  isTaskLeaseLostError,
} from './errors.js';

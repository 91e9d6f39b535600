import { z } from 'zod';
import type { BackgroundTasks } from '../../domain/background-tasks.ts';
import { BACKGROUND_TASK_STATUSES, BACKGROUND_TASK_TYPES, type BackgroundTask } from '../../model.ts';
import type { RouteTable } from '../route-table.ts';
import { listQuery, listResponse } from '../schemas.ts';

const taskId = z.string().regex(/^qtask_[A-Za-z0-9]{27}$/, 'must be a background task id (qtask_…)');

/** Svix's RecoverOut and ReplayOut: a task as it starts. */
export const TaskStartedOut = z.object({
  id: z.string(),
  status: z.enum(BACKGROUND_TASK_STATUSES),
  task: z.enum(BACKGROUND_TASK_TYPES),
  updatedAt: z.string(),
});
export const taskStartedOut = (t: BackgroundTask) => ({
  id: t.id,
  status: t.status,
  task: t.task,
  updatedAt: t.updatedAt.toISOString(),
});

const BackgroundTaskOut = TaskStartedOut.extend({ data: z.record(z.string(), z.unknown()) });

export function backgroundTaskRoutes(routes: RouteTable, tasks: BackgroundTasks): void {
  const out = (t: BackgroundTask) => ({ ...taskStartedOut(t), data: tasks.publicData(t) });
  routes.add(
    {
      method: 'get',
      path: '/api/v1/background-task',
      operationId: 'v1.background-task.list',
      summary: "Every application's background tasks (recoveries, replays), newest first unless asked",
      tag: 'Background Task',
      access: { kind: 'vendor' },
      query: listQuery('descending').extend({
        status: z.enum(BACKGROUND_TASK_STATUSES).optional(),
        task: z.enum(BACKGROUND_TASK_TYPES).optional(),
        iterator: taskId.or(z.string().regex(/^-qtask_[A-Za-z0-9]{27}$/)).nullish(),
      }),
      response: listResponse(BackgroundTaskOut),
    },
    async ({ query }) => {
      const page = await tasks.list(query);
      return { ...page, data: page.data.map(out) };
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/api/v1/background-task/{task_id}',
      operationId: 'v1.background-task.get',
      summary: 'A background task, with its progress (`data.messagesSent`)',
      tag: 'Background Task',
      access: { kind: 'vendor' },
      response: BackgroundTaskOut,
    },
    async ({ params }) => out(await tasks.get(params.task_id as string)),
  );
  routes.add(
    {
      method: 'get',
      path: '/portal/v1/background-tasks/{task_id}',
      operationId: 'portal.background-task.get',
      summary: "One of the session's application's background tasks, to follow a recovery or replay to its end",
      tag: 'Portal',
      access: { kind: 'session', capability: 'ViewBase' },
      response: BackgroundTaskOut,
    },
    async ({ app, params }) => out(await tasks.get(params.task_id as string, app)),
  );
}

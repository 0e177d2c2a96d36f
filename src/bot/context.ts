import type { Redis } from 'ioredis';
import type { LabClient } from '../client/lab-client.js';
import type { AccessConfig } from '../services/access-config.js';
import type { Logger } from '../shared/logger.js';
import type { ChannelHealth } from './channel-health.js';
import type { JobTracker } from './job-tracker.js';
import type { PendingJobs } from './pending.js';
import type { BotSettings } from './settings.js';

/** Everything the interaction handlers use; built once by the composition root. */
export interface BotContext {
  settings: BotSettings;
  access: AccessConfig;
  client: LabClient;
  redis: Redis;
  pending: PendingJobs;
  tracker: JobTracker;
  /** Channels that refuse the bot (from interactions' `app_permissions` and from 403s). */
  channels: ChannelHealth;
  log: Logger;
  /** True once another bot took the leadership over: this one then handles nothing. */
  leadershipLost?: () => boolean;
}

import { z } from 'zod';
import { parseEnvironment, ZConfig } from '../config';

/** The commands' settings: the API's, and the few only a command reads. */
const ZCliConfig = ZConfig.extend({
  /**
   * npm sets INIT_CWD to the folder `npm run` was typed in: a file named on the command
   * line is relative to it, not to apps/api where npm runs the command
   */
  INIT_CWD: z.string().min(1).optional(),
  /** admin:create takes the password from here (for scripts) instead of asking for it */
  ADMIN_PASSWORD: z.string().optional(),
});

export type CliConfig = z.infer<typeof ZCliConfig> & { workingDirectory: string };

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const config = parseEnvironment(ZCliConfig, env);
  return { ...config, workingDirectory: config.INIT_CWD ?? process.cwd() };
}

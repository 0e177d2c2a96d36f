import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/progress`: for instructors, every team × checkpoint with the time it was first passed (no job). */
export const progressCommand = defineCommand({
  local: 'read',
  teamless: true,
  name: 'progress',
  description: {
    en: 'Instructors: when each team first passed each checkpoint',
    'pt-BR': 'Instrutores: quando cada equipe passou cada checkpoint pela primeira vez',
  },
  options: [],
  input: z.object({}).strict(),
});

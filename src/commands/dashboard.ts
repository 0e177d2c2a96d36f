import { z } from 'zod';
import { Codes } from '../shared/errors.js';
import { lineAnswer, refuse } from './local.js';
import { defineCommand } from './types.js';

/** `/dashboard`: a one-time sign-in link to the web dashboard (the class for instructors, else the team). */
export const dashboardCommand = defineCommand({
  local: 'read',
  teamless: true,
  name: 'dashboard',
  description: {
    en: 'A sign-in link to the web dashboard (valid 10 minutes, usable once)',
    'pt-BR': 'Um link de acesso ao painel web (válido por 10 minutos, uso único)',
  },
  options: [],
  input: z.object({}).strict(),
  async answer({ dashboardLink }) {
    if (!dashboardLink)
      return refuse(
        Codes.unknownCommand,
        '/dashboard is answered in Discord; in the terminal run `labops dashboard url`',
      );
    return lineAnswer(await dashboardLink(), 'dashboard.txt');
  },
});

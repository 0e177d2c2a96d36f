/**
 * Lab facts and named requirements: what commands depend on, read cheaply and read-only and
 * named in the student's terms, and the one refusal (`NOT_READY`) when one is missing.
 *
 * - {@link FACTS} / {@link FACT_ORDER}: each fact's guide step, fixing command and missing text (en, pt-BR).
 * - {@link readFacts}: reads facts on the lab (each source once); never throws for the lab's state.
 * - {@link requireFacts}: throws `NOT_READY` for the earliest unmet requirement.
 * - {@link unmetOf}, {@link notReadyText}, {@link notYetText}: the texts, pure.
 * - {@link requirementsOf}: what a recipe declares it needs for given job data.
 */
export {
  FACT_ORDER,
  FACTS,
  type FactInfo,
  type FactName,
  type FactParams,
  fixOf,
  type Localized,
  type Requirement,
  requirementOf,
} from './names.js';
export { notYetReader } from './not-yet.js';
export { notReadyInPortuguese } from './portuguese.js';
export { type FactReadings, PREREQUISITES, readFacts, withPrerequisites } from './read.js';
export type { FactReading } from './reading.js';
export {
  notReady,
  notReadyText,
  notYetText,
  requireFacts,
  type Unmet,
  unmetOf,
} from './require.js';
export { type Requires, requirementsOf } from './requires.js';

// Every conformance scenario, in a stable order; scenario-ids.txt pins this list.
import type { Scenario } from '../types.js';
import { decisionScenariosD1toD9 } from './decisions-d1-d9.js';
import { decisionScenariosD10toD19 } from './decisions-d10-d19.js';
import { lifecycleScenarios } from './lifecycle.js';
import { workedExampleScenarios } from './worked-examples.js';

export const scenarios: readonly Scenario[] = [
  ...workedExampleScenarios,
  ...lifecycleScenarios,
  ...decisionScenariosD1toD9,
  ...decisionScenariosD10toD19,
];

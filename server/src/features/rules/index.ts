/** Every diagnostic rule, in the order their findings are listed. One file per rule; see rule.ts. */
import type { Rule } from './rule';
import { unknownStage } from './unknown-stage';

export const rules: readonly Rule[] = [
  unknownStage,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.id, rule]));

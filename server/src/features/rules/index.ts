/** Every diagnostic rule, in the order their findings are listed. One file per rule; see rule.ts. */
import type { Rule } from './rule';
import { unknownStage } from './unknown-stage';
import { sdkImageInFinalStage } from './sdk-image-in-final-stage';
import { copyWholeFilesystem } from './copy-whole-filesystem';
import { packageCacheInShippedStage } from './package-cache-in-shipped-stage';
import { untaggedBaseImage } from './untagged-base-image';
import { secretsInArgEnv } from './secrets-in-arg-env';
import { rootUserInShippedStage } from './root-user-in-shipped-stage';
import { privilegedPortNonRoot } from './privileged-port-non-root';
import { copyAllBeforeInstall } from './copy-all-before-install';
import { jsonArgsRecommended } from './json-args-recommended';
import { multipleInstructions } from './multiple-instructions';
import { dockerignore } from './dockerignore';

export const rules: readonly Rule[] = [
  unknownStage,
  // Image size and security
  sdkImageInFinalStage,
  copyWholeFilesystem,
  packageCacheInShippedStage,
  untaggedBaseImage,
  secretsInArgEnv,
  rootUserInShippedStage,
  privilegedPortNonRoot,
  copyAllBeforeInstall,
  jsonArgsRecommended,
  multipleInstructions,
  dockerignore,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.id, rule]));

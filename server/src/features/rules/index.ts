/** Every diagnostic rule, in the order their findings are listed. One file per rule; see rule.ts. */
import type { Rule } from './rule';
import { syntax } from './syntax';
import { unknownStage } from './unknown-stage';
// Stage references and naming, build plan, build args.
import { laterStageReference } from './later-stage-reference';
import { selfReference } from './self-reference';
import { fromIndexOutOfRange } from './from-index-out-of-range';
import { copyFromIndex } from './copy-from-index';
import { duplicateStageName } from './duplicate-stage-name';
import { reservedStageName } from './reserved-stage-name';
import { stageNameCasing } from './stage-name-casing';
import { fromAsCasing } from './from-as-casing';
import { unusedStage } from './unused-stage';
import { undefinedArgInFrom } from './undefined-arg-in-from';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from';
import { globalArgNotRedeclared } from './global-arg-not-redeclared';
import { undefinedVar } from './undefined-var';

// Image size and security.
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
import { maintainerDeprecated } from './maintainer-deprecated';
import { exposeProtoCasing } from './expose-proto-casing';
import { exposeInvalidFormat } from './expose-invalid-format';
import { workdirRelativePath } from './workdir-relative-path';
import { consistentInstructionCasing } from './consistent-instruction-casing';
import { noEmptyContinuation } from './no-empty-continuation';
import { legacyKeyValueFormat } from './legacy-key-value-format';
import { redundantTargetPlatform } from './redundant-target-platform';
import { fromPlatformFlagConstDisallowed } from './from-platform-flag-const-disallowed';
import { invalidBaseImagePlatform } from './invalid-base-image-platform';
import { invalidDefinitionDescription } from './invalid-definition-description';
import { copyIgnoredFile } from './copy-ignored-file';
import { dockerignore } from './dockerignore';

export const rules: readonly Rule[] = [
  syntax,
  unknownStage,
  // Stage references and naming, build plan, build args.
  laterStageReference,
  selfReference,
  fromIndexOutOfRange,
  copyFromIndex,
  duplicateStageName,
  reservedStageName,
  stageNameCasing,
  fromAsCasing,
  unusedStage,
  undefinedArgInFrom,
  invalidDefaultArgInFrom,
  globalArgNotRedeclared,
  undefinedVar,
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
  maintainerDeprecated,
  exposeProtoCasing,
  exposeInvalidFormat,
  workdirRelativePath,
  consistentInstructionCasing,
  noEmptyContinuation,
  legacyKeyValueFormat,
  redundantTargetPlatform,
  fromPlatformFlagConstDisallowed,
  invalidBaseImagePlatform,
  invalidDefinitionDescription,
  copyIgnoredFile,
  dockerignore,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.id, rule]));

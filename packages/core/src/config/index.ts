// The model file: parse, validate, load and apply it (re-exports only).
export type { ApplyModelOptions, SeededModel } from './apply-model.js';
export { applyModel } from './apply-model.js';
export type { CreateLocalAuthorizerOptions, LocalAuthorizerWithSeed } from './create-local-authorizer.js';
export { createLocalAuthorizer } from './create-local-authorizer.js';
export { loadModelFile } from './load-model-file.js';
export type {
  ModelDocument,
  ModelMembership,
  ModelOrganization,
  ModelPermission,
  ModelResource,
  ModelResourceRef,
  ModelResourceType,
  ModelRole,
  ModelRoleAssignment,
  ModelSettings,
  ModelUser,
} from './model-document.js';
export type { ModelFormat, ParseModelOptions } from './parse-model.js';
export { parseModel } from './parse-model.js';
export type { ValidateModelOptions } from './validate-model.js';
export { validateModel } from './validate-model.js';

/** The request engine's only entry point (docs/engine-api.md): environments, wire requests, sessions, sending, redaction. */

export type {
  ApiError,
  BlockErrorKind,
  BlockResult,
  BuildInput,
  BuildProblem,
  CallResult,
  FileAnswer,
  SavedFileAnswer,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  SendOptions,
  SessionInfo,
  SessionManager,
  WireCall,
  WireFile,
  WireRequest,
} from './engineTypes';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from './engineTypes';
export {
  defaultEnvironment,
  environmentSecrets,
  loadEnvironments,
  unknownEnvironmentMessage,
  DEFAULT_SERVICE_URL,
  type AppTokenSettings,
  type Environment,
  type EnvironmentCatalog,
  type LoadEnvironmentsOptions,
  type SessionSettings,
} from './environments';
export { buildWireRequest } from './wireRequest';
export { createHttpTransport, redirectRefusal, type HttpTransportOptions } from './httpTransport';
export { decideFileAttachment, type FileAttachmentDecision, type FileAttachmentPolicy } from './fileAttachmentPolicy';
export { createSessionManager, SessionError, type SessionManagerOptions } from './sessionManager';
export { requestNeedsSession, sendBlock } from './sendBlock';
export { redact, redactValue, MASK } from './redaction';
export { curlCommand } from './curlCommand';
export { summarizeCallResult, summarizeValue } from './resultSummary';
export { TransportError } from './transportErrors';
export type * from './flowTypes';
export { loadDotenv, type DotenvValues } from './dotenvFile';
export { SendSession, sessionSource, type MissingCredentials, type SendSessionOptions } from './sendSession';
export { blockSpan } from './resultJson';
export { saveToTempFile } from './fileAnswer';
export { createFlowValueStore, missingPrompts, runBlock, runBlockWithDependencies, runFlow, type FlowValueStore } from './flowRunner';

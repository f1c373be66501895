import { randomBytes } from 'node:crypto';
import { type EngineSession, type StatementResult, statusResult } from '../engine/session.ts';
import { SnowflakeError } from '../errors.ts';
import type { SnowflakeEmulatorStats } from '../stats.ts';
import type { StageCommand, StageRef } from './stage-commands.ts';
import type { Stage, StageStore } from './stage-store.ts';
import { STAGE_BUCKET } from './stage-upload.ts';

export interface StageContext {
  readonly stages: StageStore;
  /** Base URL of the emulated cloud storage, e.g. http://127.0.0.1:PORT/stage-storage. */
  readonly storageEndpoint: () => string;
  readonly stats: SnowflakeEmulatorStats;
}

export type StageOutcome =
  | { readonly kind: 'result'; readonly result: StatementResult }
  | { readonly kind: 'transfer'; readonly data: Record<string, unknown> };

const scopeOf = (session: EngineSession): string => `${session.database}.${session.schema}`;

const stageMissing = (name: string): SnowflakeError =>
  new SnowflakeError(
    '002003',
    '02000',
    `SQL compilation error:\nStage '${name}' does not exist or not authorized.`,
  );

/** The stage a reference names, looked up as Snowflake does: the session's temporary stages first. */
export function resolveStage(
  context: StageContext,
  token: string,
  session: EngineSession,
  ref: StageRef,
): Stage {
  const scope = ref.scope ?? scopeOf(session);
  const stage = context.stages.resolve(ref.name, token, scope);
  if (!stage) throw stageMissing(`${scope}.${ref.name}`);
  return stage;
}

/** CREATE STAGE, DROP STAGE and PUT, answered by the emulator itself. */
export function runStageCommand(
  context: StageContext,
  token: string,
  session: EngineSession,
  command: Exclude<StageCommand, { kind: 'copy' }>,
  queryId: string,
): StageOutcome {
  if (command.kind === 'create') {
    const scope = command.scope ?? scopeOf(session);
    const existing = context.stages.resolve(command.name, command.temporary ? token : '', scope);
    if (existing && !command.orReplace) {
      if (command.ifNotExists)
        return {
          kind: 'result',
          result: statusResult(`${command.name} already exists, statement succeeded.`),
        };
      throw new SnowflakeError(
        '002002',
        '42710',
        `SQL compilation error:\nObject '${command.name}' already exists.`,
      );
    }
    context.stages.create(command.name, command.temporary ? token : null, scope, command.format);
    context.stats.stagesCreated++;
    return { kind: 'result', result: statusResult(`Stage area ${command.name} successfully created.`) };
  }
  if (command.kind === 'drop') {
    const scope = command.scope ?? scopeOf(session);
    const stage = context.stages.resolve(command.name, token, scope);
    if (!stage) {
      if (command.ifExists)
        return {
          kind: 'result',
          result: statusResult(`Drop statement executed successfully (${command.name} already dropped).`),
        };
      throw stageMissing(`${scope}.${command.name}`);
    }
    context.stages.drop(stage);
    return { kind: 'result', result: statusResult(`${command.name} successfully dropped.`) };
  }
  const stage = resolveStage(context, token, session, command.stage);
  context.stats.puts++;
  return { kind: 'transfer', data: putResponse(context, stage, command, queryId) };
}

/**
 * The `data` of a PUT response: what the driver's file transfer agent needs to upload the file
 * itself (https://docs.snowflake.com/en/sql-reference/sql/put: the client, not the server, moves
 * the bytes to the stage's cloud storage). The stage is presented as a GCS internal stage in
 * access-token mode with a custom endpoint on loopback: snowflake-sdk keeps an explicit http://
 * endpoint (gcs_util.js `generateFileURL`) and uploads a bind file stream through GCS, S3 or
 * Azure only; its LOCAL_FS client has no stream upload (local_util.js) and S3 would need AWS
 * request signing. The encryption material is the per-stage master key, as for a real internal
 * stage, so the driver encrypts each file before it leaves the client.
 */
function putResponse(
  context: StageContext,
  stage: Stage,
  command: Extract<StageCommand, { kind: 'put' }>,
  queryId: string,
): Record<string, unknown> {
  const folder = command.stage.path ? `${command.stage.path}/` : '';
  return {
    queryId,
    command: 'UPLOAD',
    src_locations: [command.file],
    parallel: command.options.parallel,
    autoCompress: command.options.autoCompress,
    sourceCompression: command.options.sourceCompression,
    overwrite: command.options.overwrite,
    clientShowEncryptionParameter: false,
    kind: null,
    operation: 'Node',
    presignedUrls: [],
    stageInfo: {
      locationType: 'GCS',
      location: `${STAGE_BUCKET}/${stage.id}/${folder}`,
      path: `${stage.id}/${folder}`,
      region: 'US-CENTRAL1',
      storageAccount: null,
      isClientSideEncrypted: true,
      creds: { GCS_ACCESS_TOKEN: stage.accessToken },
      presignedUrl: null,
      endPoint: context.storageEndpoint(),
      useRegionalUrl: false,
      useVirtualUrl: false,
    },
    encryptionMaterial: {
      queryStageMasterKey: stage.masterKey.toString('base64'),
      queryId,
      smkId: Number.parseInt(randomBytes(3).toString('hex'), 16),
    },
  };
}
